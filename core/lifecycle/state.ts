import { calendar247 } from './business-time';
import type { Calendar } from './calendar.schema';
import type { TimerName } from './commands';
import type { TicketSnapshot } from './events';
import type { SlaMetric } from './sla-metric';
import type { StatusCategory } from '../ticket';

/**
 * idle: no cycle yet (or the metric does not apply); running/paused: a cycle is open and follows the
 * ticket status; done: the cycle was fulfilled (reply, close). A new cycle increments `cycle`.
 */
export type SlaClockPhase = 'idle' | 'running' | 'paused' | 'done';

export type SlaClock = {
  phase: SlaClockPhase;
  cycle: number;
  /** Business ms allowed in this cycle; null when the SLA policy in force has no target for the metric. */
  targetMs: number | null;
  startedAt: number | null;
  /** Business ms accrued up to `runningSince` (or up to `pausedAt`). */
  elapsedMs: number;
  runningSince: number | null;
  pausedAt: number | null;
  /** Deadline and warning instants, only while running. */
  dueAt: number | null;
  warnAt: number | null;
  warnedAt: number | null;
  breachedAt: number | null;
  doneAt: number | null;
};

export type SlaBreach = { metric: SlaMetric; cycle: number; at: number; slaPolicyId: string | null };

export type SurveyStatus = 'scheduled' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'answered';

export type SurveyState = {
  /** Which resolution (1st solve, 2nd solve after a reopen, …) this survey belongs to. */
  resolution: number;
  status: SurveyStatus;
  dueAt: number | null;
  deliveryKey: string | null;
  sentAt: number | null;
  rating: number | null;
  comment: string | null;
  answeredAt: number | null;
};

export type FailedActivity = { name: string; idempotencyKey: string; at: number; error: string | null };

/** Small, query-friendly view (Temporal query, search attributes, UI badge). */
export type LifecycleSummary = {
  statusCategory: StatusCategory | null;
  policyVersion: number | null;
  slaPolicyId: string | null;
  nextDeadline: { metric: SlaMetric; at: number } | null;
  slaPaused: boolean;
  breachedMetrics: SlaMetric[];
  breachCount: number;
  nextTimerAt: number | null;
};

export type LifecycleState = {
  stateVersion: 1;
  /** Null until ticket_opened. `assigneeId` is always present once opened. */
  ticket: (TicketSnapshot & { assigneeId: string | null }) | null;
  policyVersion: number | null;
  /** Latest event time seen; time never runs backwards for the lifecycle. */
  lastEventAt: number | null;
  /** Recent event ids, newest last, for dropping redelivered events. */
  seenEventIds: string[];
  sla: {
    policyId: string | null;
    /** The calendar clocks are measured in, kept so a policy change can settle past time correctly. */
    calendar: Calendar;
    warningPercent: number;
    clocks: Record<SlaMetric, SlaClock>;
    breaches: SlaBreach[];
  };
  firstAgentReplyAt: number | null;
  pending: { since: number | null; remindersSent: number; lastReminderAt: number | null };
  resolution: { count: number; solvedAt: number | null; closedAt: number | null };
  survey: SurveyState | null;
  timers: Partial<Record<TimerName, { fireAt: number }>>;
  failedActivities: FailedActivity[];
  summary: LifecycleSummary;
};

export const SEEN_EVENT_IDS_LIMIT = 1000;
export const FAILED_ACTIVITIES_LIMIT = 20;

export function idleClock(): SlaClock {
  return {
    phase: 'idle',
    cycle: 0,
    targetMs: null,
    startedAt: null,
    elapsedMs: 0,
    runningSince: null,
    pausedAt: null,
    dueAt: null,
    warnAt: null,
    warnedAt: null,
    breachedAt: null,
    doneAt: null,
  };
}

export function initialLifecycleState(): LifecycleState {
  return {
    stateVersion: 1,
    ticket: null,
    policyVersion: null,
    lastEventAt: null,
    seenEventIds: [],
    sla: {
      policyId: null,
      calendar: calendar247(),
      warningPercent: 75,
      clocks: {
        first_response: idleClock(),
        next_response: idleClock(),
        periodic_update: idleClock(),
        resolution: idleClock(),
      },
      breaches: [],
    },
    firstAgentReplyAt: null,
    pending: { since: null, remindersSent: 0, lastReminderAt: null },
    resolution: { count: 0, solvedAt: null, closedAt: null },
    survey: null,
    timers: {},
    failedActivities: [],
    summary: {
      statusCategory: null,
      policyVersion: null,
      slaPolicyId: null,
      nextDeadline: null,
      slaPaused: false,
      breachedMetrics: [],
      breachCount: 0,
      nextTimerAt: null,
    },
  };
}

/** State is plain JSON by contract, so a JSON round trip is an exact deep copy (and works in any sandbox). */
export function cloneState(state: LifecycleState): LifecycleState {
  return JSON.parse(JSON.stringify(state)) as LifecycleState;
}
