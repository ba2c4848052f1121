import {
  type ActivityInputs,
  type ActivityName,
  type CancelTimer,
  type EscalationContext,
  type LifecycleCommand,
  type StartTimer,
  type TimerName,
  idempotencyKey,
} from './commands';
import type { LifecycleEvent, TicketSnapshot } from './events';
import type { Policy } from './policy.schema';

/** Shared vocabulary for writing lifecycle scenarios by hand: readable times, terse commands. */

export const SCENARIO_TICKET_ID = 'T-100';

export const ms = (iso: string): number => Date.parse(iso);

export const startTimer = (name: TimerName, iso: string): StartTimer => ({ type: 'start_timer', name, fireAt: ms(iso) });

export const cancelTimer = (name: TimerName): CancelTimer => ({ type: 'cancel_timer', name });

export function activity<N extends ActivityName>(name: N, eventId: string, purpose: string, input: ActivityInputs[N]): LifecycleCommand {
  // Same assertion as in draft.ts: a generic N cannot narrow the mapped union.
  return { type: 'run_activity', name, input, idempotencyKey: idempotencyKey(SCENARIO_TICKET_ID, eventId, purpose) } as LifecycleCommand;
}

export function ticket(overrides: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return {
    id: SCENARIO_TICKET_ID,
    statusCategory: 'new',
    priority: 'normal',
    teamId: 'team-support',
    organizationId: 'org-acme',
    channel: 'email',
    tags: [],
    assigneeId: 'agent-ada',
    ...overrides,
  };
}

/** Shorthand for events: `ev.reply('e3', '2025-03-03T10:00:00Z')`. */
export const ev = {
  opened: (id: string, iso: string, t: Partial<TicketSnapshot> = {}): LifecycleEvent => ({ type: 'ticket_opened', id, at: ms(iso), ticket: ticket(t) }),
  customer: (id: string, iso: string): LifecycleEvent => ({ type: 'customer_message', id, at: ms(iso) }),
  reply: (id: string, iso: string): LifecycleEvent => ({ type: 'agent_public_reply', id, at: ms(iso) }),
  note: (id: string, iso: string): LifecycleEvent => ({ type: 'internal_note', id, at: ms(iso) }),
  status: (id: string, iso: string, to: TicketSnapshot['statusCategory']): LifecycleEvent => ({ type: 'status_changed', id, at: ms(iso), to }),
  priority: (id: string, iso: string, to: string): LifecycleEvent => ({ type: 'priority_changed', id, at: ms(iso), to }),
  assignee: (id: string, iso: string, to: string | null): LifecycleEvent => ({ type: 'assignee_changed', id, at: ms(iso), to }),
  team: (id: string, iso: string, to: string | null): LifecycleEvent => ({ type: 'team_changed', id, at: ms(iso), to }),
  tags: (id: string, iso: string, tags: string[]): LifecycleEvent => ({ type: 'tags_changed', id, at: ms(iso), tags }),
  timer: (id: string, iso: string, name: TimerName): LifecycleEvent => ({ type: 'timer_fired', id, at: ms(iso), name }),
  result: (id: string, iso: string, name: ActivityName, key: string, ok: boolean): LifecycleEvent => ({
    type: 'activity_result',
    id,
    at: ms(iso),
    name,
    idempotencyKey: key,
    ok,
  }),
  survey: (id: string, iso: string, rating: 1 | 2 | 3 | 4 | 5, comment: string | null = null): LifecycleEvent => ({
    type: 'survey_answered',
    id,
    at: ms(iso),
    rating,
    comment,
  }),
  policy: (id: string, iso: string, version: number): LifecycleEvent => ({ type: 'policy_updated', id, at: ms(iso), version }),
};

const OFFICE = [{ start: '09:00', end: '17:00' }];

/**
 * The policy scenarios run under, spelled out so scenarios never drift when the default policy changes.
 * Berlin office hours, Easter Monday 2025 off, 50 % warnings so instants are easy to check by hand.
 */
export const SCENARIO_POLICY: Policy = {
  version: 1,
  calendar: {
    timeZone: 'Europe/Berlin',
    weeklyHours: { 1: OFFICE, 2: OFFICE, 3: OFFICE, 4: OFFICE, 5: OFFICE },
    holidays: ['2025-04-21'],
  },
  priorities: ['low', 'normal', 'high', 'urgent'],
  sla: {
    warningPercent: 50,
    policies: [
      {
        id: 'urgent',
        when: { priorities: ['urgent'] },
        hours: 'calendar',
        targets: { first_response: 30, resolution: 240 },
        escalations: [{ on: 'breach', actions: [{ type: 'notify_channel', destination: 'slack:#urgent' }] }],
      },
      {
        id: 'standard',
        when: {},
        hours: 'business',
        targets: { first_response: 60, next_response: 120, resolution: 480 },
        escalations: [
          { on: 'warning', actions: [{ type: 'notify_assignee' }] },
          {
            on: 'breach',
            metrics: ['first_response'],
            actions: [{ type: 'notify_team_lead' }, { type: 'raise_priority' }, { type: 'add_tag', tag: 'sla-breached' }],
          },
        ],
      },
    ],
  },
  pending: { reminderAfterHours: 24, maxReminders: 2, reminderTemplate: 'pending_reminder', autoSolveAfterDays: 3 },
  solved: { autoCloseAfterDays: 2, reopenWindowDays: 1 },
  survey: { enabled: true, delayHours: 4 },
  customerNotifications: { solved: { template: 'ticket_solved' } },
  agentAlerts: { onCustomerReply: true, onAssignment: true, onReopen: true, lowCsatAtOrBelow: 2 },
};

/** Escalation context as the decider reports it, for expected commands. */
export function escalationContext(
  metric: EscalationContext['metric'],
  kind: EscalationContext['kind'],
  crossedIso: string,
  slaPolicyId = 'standard',
  cycle = 1,
): EscalationContext {
  return { slaPolicyId, metric, kind, cycle, crossedAt: ms(crossedIso) };
}
