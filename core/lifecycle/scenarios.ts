import type { LifecycleCommand } from './commands';
import type { LifecycleEvent } from './events';
import type { Policy } from './policy.schema';
import {
  SCENARIO_POLICY,
  SCENARIO_TICKET_ID as T,
  activity,
  cancelTimer,
  escalationContext as esc,
  ev,
  startTimer,
} from './scenario-kit';
import type { LifecycleSummary } from './state';

/**
 * Named end-to-end lifecycle scenarios: events in, exact commands out. The decider tests run them; the
 * embedded engine (real PostgreSQL) and the Temporal workflow (replayed histories) must produce the same.
 * Expectations are written by hand from the policy, never generated from the decider.
 * All scenarios use SCENARIO_POLICY: Berlin office hours 09:00–17:00 Mon–Fri, warnings at 50 %.
 */
export type ScenarioStep = {
  event: LifecycleEvent;
  /** Policy in force from this step on (the previous step's otherwise). */
  policy?: Policy;
  expect: LifecycleCommand[];
};

export type LifecycleScenario = {
  name: string;
  description: string;
  policy: Policy;
  steps: ScenarioStep[];
  /** Checked against the final state's summary. */
  expectSummary: Partial<LifecycleSummary>;
};

/** Timers a freshly opened standard ticket gets at Monday 2025-03-03 09:00 Berlin (08:00Z). */
const OPENED_MONDAY_9 = [
  startTimer('sla.first_response.warning', '2025-03-03T08:30:00Z'),
  startTimer('sla.first_response.breach', '2025-03-03T09:00:00Z'),
  startTimer('sla.resolution.warning', '2025-03-03T12:00:00Z'),
  startTimer('sla.resolution.breach', '2025-03-03T16:00:00Z'),
];

const solvedNotice = (eventId: string) =>
  activity('notify_customer', eventId, 'notify_customer.status.solved', {
    ticketId: T,
    channel: 'email',
    template: 'ticket_solved',
    reason: 'status',
    statusCategory: 'solved',
    reminderNumber: null,
  });

const alert = (eventId: string, reason: 'customer_reply' | 'assigned' | 'reopened' | 'low_csat', assigneeId = 'agent-ada', rating: number | null = null) =>
  activity('alert_agent', eventId, `alert_agent.${reason}`, { ticketId: T, assigneeId, teamId: 'team-support', reason, rating });

const firstResponseBreach = (eventId: string, crossedIso: string, from = 'normal', to = 'high') => [
  activity('notify_team_lead', eventId, 'escalation.first_response.breach.c1.s1.a0', {
    ticketId: T,
    teamId: 'team-support',
    template: null,
    escalation: esc('first_response', 'breach', crossedIso),
  }),
  activity('raise_priority', eventId, 'escalation.first_response.breach.c1.s1.a1', {
    ticketId: T,
    from,
    to,
    escalation: esc('first_response', 'breach', crossedIso),
  }),
  activity('add_tag', eventId, 'escalation.first_response.breach.c1.s1.a2', {
    ticketId: T,
    tag: 'sla-breached',
    escalation: esc('first_response', 'breach', crossedIso),
  }),
];

const firstResponseWarning = (eventId: string, crossedIso: string, assigneeId: string | null = 'agent-ada') =>
  activity('notify_assignee', eventId, 'escalation.first_response.warning.c1.s0.a0', {
    ticketId: T,
    assigneeId,
    teamId: 'team-support',
    template: null,
    escalation: esc('first_response', 'warning', crossedIso),
  });

const happyPath: LifecycleScenario = {
  name: 'happy-path-pending-reopen-solve-survey-close',
  description:
    'First response met, pending pauses resolution, a customer reply reopens it and starts next response, ' +
    'solved sends a notice and schedules the survey, the survey goes out and is answered, auto-close ends it.',
  policy: SCENARIO_POLICY,
  steps: [
    { event: ev.opened('a1', '2025-03-03T08:00:00Z'), expect: OPENED_MONDAY_9 },
    { event: ev.note('a2', '2025-03-03T08:05:00Z'), expect: [] },
    {
      event: ev.reply('a3', '2025-03-03T08:20:00Z'),
      expect: [cancelTimer('sla.first_response.warning'), cancelTimer('sla.first_response.breach')],
    },
    {
      event: ev.status('a4', '2025-03-03T08:21:00Z', 'pending'),
      expect: [
        cancelTimer('sla.resolution.warning'),
        cancelTimer('sla.resolution.breach'),
        startTimer('pending.auto_solve', '2025-03-06T08:21:00Z'),
        startTimer('pending.reminder', '2025-03-04T08:21:00Z'),
      ],
    },
    {
      // 08:00 Berlin, before office hours: next response counts from 09:00; resolution has 459 min left.
      event: ev.customer('a5', '2025-03-04T07:00:00Z'),
      expect: [
        activity('set_status', 'a5', 'set_status.open', { ticketId: T, from: 'pending', to: 'open', reason: 'customer_reply' }),
        alert('a5', 'reopened'),
        cancelTimer('pending.auto_solve'),
        cancelTimer('pending.reminder'),
        startTimer('sla.next_response.warning', '2025-03-04T09:00:00Z'),
        startTimer('sla.next_response.breach', '2025-03-04T10:00:00Z'),
        startTimer('sla.resolution.warning', '2025-03-04T11:39:00Z'),
        startTimer('sla.resolution.breach', '2025-03-04T15:39:00Z'),
      ],
    },
    { event: ev.status('a6', '2025-03-04T07:00:01Z', 'open'), expect: [] },
    {
      event: ev.reply('a7', '2025-03-04T08:50:00Z'),
      expect: [cancelTimer('sla.next_response.warning'), cancelTimer('sla.next_response.breach')],
    },
    {
      event: ev.status('a8', '2025-03-04T10:00:00Z', 'solved'),
      expect: [
        solvedNotice('a8'),
        cancelTimer('sla.resolution.warning'),
        cancelTimer('sla.resolution.breach'),
        startTimer('solved.auto_close', '2025-03-06T10:00:00Z'),
        startTimer('survey.deliver', '2025-03-04T14:00:00Z'),
      ],
    },
    {
      event: ev.timer('a9', '2025-03-04T14:00:00Z', 'survey.deliver'),
      expect: [activity('deliver_survey', 'a9', 'deliver_survey.r1', { ticketId: T, channel: 'email', resolution: 1 })],
    },
    { event: ev.result('a10', '2025-03-04T14:00:05Z', 'deliver_survey', 'lifecycle:T-100:a9:deliver_survey.r1', true), expect: [] },
    { event: ev.survey('a11', '2025-03-04T18:00:00Z', 5, 'Quick and kind'), expect: [] },
    {
      event: ev.timer('a12', '2025-03-06T10:00:00Z', 'solved.auto_close'),
      expect: [activity('set_status', 'a12', 'set_status.closed', { ticketId: T, from: 'solved', to: 'closed', reason: 'auto_close' })],
    },
    { event: ev.status('a13', '2025-03-06T10:00:02Z', 'closed'), expect: [] },
  ],
  expectSummary: { statusCategory: 'closed', breachCount: 0, nextDeadline: null, nextTimerAt: null },
};

const breachAcrossDst: LifecycleScenario = {
  name: 'first-response-breach-escalates-across-dst',
  description:
    'Opened Friday 16:30 CET; the deadline lands Monday 09:30 CEST after the spring-forward weekend. Warning and ' +
    'breach escalate in policy order; the raised priority comes back as an event and moves the ticket to the ' +
    'urgent (around-the-clock) SLA, re-planning resolution from the business time already used.',
  policy: SCENARIO_POLICY,
  steps: [
    {
      event: ev.opened('b1', '2025-03-28T15:30:00Z', { priority: 'high', assigneeId: null }),
      expect: [
        startTimer('sla.first_response.warning', '2025-03-28T16:00:00Z'),
        startTimer('sla.first_response.breach', '2025-03-31T07:30:00Z'),
        startTimer('sla.resolution.warning', '2025-03-31T10:30:00Z'),
        startTimer('sla.resolution.breach', '2025-03-31T14:30:00Z'),
      ],
    },
    { event: ev.timer('b2', '2025-03-28T16:00:00Z', 'sla.first_response.warning'), expect: [firstResponseWarning('b2', '2025-03-28T16:00:00Z', null)] },
    { event: ev.assignee('b3', '2025-03-31T07:00:00Z', 'agent-bo'), expect: [alert('b3', 'assigned', 'agent-bo')] },
    {
      event: ev.timer('b4', '2025-03-31T07:30:00Z', 'sla.first_response.breach'),
      expect: firstResponseBreach('b4', '2025-03-31T07:30:00Z', 'high', 'urgent'),
    },
    {
      // 61 business minutes used; urgent allows 240 calendar minutes, warning at 120.
      event: ev.priority('b5', '2025-03-31T07:31:00Z', 'urgent'),
      expect: [startTimer('sla.resolution.warning', '2025-03-31T08:30:00Z'), startTimer('sla.resolution.breach', '2025-03-31T10:30:00Z')],
    },
    { event: ev.tags('b6', '2025-03-31T07:31:00Z', ['sla-breached']), expect: [] },
    { event: ev.reply('b7', '2025-03-31T07:45:00Z'), expect: [] },
  ],
  expectSummary: {
    statusCategory: 'new',
    slaPolicyId: 'urgent',
    breachedMetrics: ['first_response'],
    breachCount: 1,
    nextDeadline: { metric: 'resolution', at: Date.parse('2025-03-31T10:30:00Z') },
  },
};

const pendingAutomation: LifecycleScenario = {
  name: 'pending-reminders-auto-solve-then-close-sends-survey',
  description:
    'Two reminders a day apart while pending, auto-solve after three days, and an agent closing before the ' +
    'survey delay: the survey goes out at close and no timer stays live.',
  policy: SCENARIO_POLICY,
  steps: [
    { event: ev.opened('c1', '2025-03-03T08:00:00Z'), expect: OPENED_MONDAY_9 },
    {
      event: ev.reply('c2', '2025-03-03T08:10:00Z'),
      expect: [cancelTimer('sla.first_response.warning'), cancelTimer('sla.first_response.breach')],
    },
    {
      event: ev.status('c3', '2025-03-03T08:10:00Z', 'pending'),
      expect: [
        cancelTimer('sla.resolution.warning'),
        cancelTimer('sla.resolution.breach'),
        startTimer('pending.auto_solve', '2025-03-06T08:10:00Z'),
        startTimer('pending.reminder', '2025-03-04T08:10:00Z'),
      ],
    },
    {
      event: ev.timer('c4', '2025-03-04T08:10:00Z', 'pending.reminder'),
      expect: [
        activity('notify_customer', 'c4', 'notify_customer.reminder.1', {
          ticketId: T,
          channel: 'email',
          template: 'pending_reminder',
          reason: 'reminder',
          statusCategory: 'pending',
          reminderNumber: 1,
        }),
        startTimer('pending.reminder', '2025-03-05T08:10:00Z'),
      ],
    },
    {
      event: ev.timer('c5', '2025-03-05T08:10:00Z', 'pending.reminder'),
      expect: [
        activity('notify_customer', 'c5', 'notify_customer.reminder.2', {
          ticketId: T,
          channel: 'email',
          template: 'pending_reminder',
          reason: 'reminder',
          statusCategory: 'pending',
          reminderNumber: 2,
        }),
      ],
    },
    {
      event: ev.timer('c6', '2025-03-06T08:10:00Z', 'pending.auto_solve'),
      expect: [
        activity('set_status', 'c6', 'set_status.solved', { ticketId: T, from: 'pending', to: 'solved', reason: 'auto_solve' }),
        solvedNotice('c6'),
        startTimer('solved.auto_close', '2025-03-08T08:10:00Z'),
        startTimer('survey.deliver', '2025-03-06T12:10:00Z'),
      ],
    },
    { event: ev.status('c7', '2025-03-06T08:10:01Z', 'solved'), expect: [] },
    {
      event: ev.status('c8', '2025-03-06T09:00:00Z', 'closed'),
      expect: [
        activity('deliver_survey', 'c8', 'deliver_survey.r1', { ticketId: T, channel: 'email', resolution: 1 }),
        cancelTimer('solved.auto_close'),
        cancelTimer('survey.deliver'),
      ],
    },
  ],
  expectSummary: { statusCategory: 'closed', nextTimerAt: null, breachCount: 0 },
};

const reopenWindow: LifecycleScenario = {
  name: 'reopen-within-window-cancels-survey-late-reply-does-not',
  description:
    'A customer reply within a day of solving reopens the ticket and drops its survey; the second resolution gets ' +
    'its own survey. A reply after the window only alerts the agent; after auto-close, replies are ignored but a ' +
    'low survey rating still alerts.',
  policy: SCENARIO_POLICY,
  steps: [
    { event: ev.opened('d1', '2025-03-03T08:00:00Z'), expect: OPENED_MONDAY_9 },
    {
      event: ev.reply('d2', '2025-03-03T08:20:00Z'),
      expect: [cancelTimer('sla.first_response.warning'), cancelTimer('sla.first_response.breach')],
    },
    {
      event: ev.status('d3', '2025-03-03T08:30:00Z', 'solved'),
      expect: [
        solvedNotice('d3'),
        cancelTimer('sla.resolution.warning'),
        cancelTimer('sla.resolution.breach'),
        startTimer('solved.auto_close', '2025-03-05T08:30:00Z'),
        startTimer('survey.deliver', '2025-03-03T12:30:00Z'),
      ],
    },
    {
      // Resolution used 30 min; 450 left from 11:00 Berlin: 6 h today, 90 min Tuesday.
      event: ev.customer('d4', '2025-03-03T10:00:00Z'),
      expect: [
        activity('set_status', 'd4', 'set_status.open', { ticketId: T, from: 'solved', to: 'open', reason: 'customer_reply' }),
        alert('d4', 'reopened'),
        cancelTimer('solved.auto_close'),
        cancelTimer('survey.deliver'),
        startTimer('sla.next_response.warning', '2025-03-03T11:00:00Z'),
        startTimer('sla.next_response.breach', '2025-03-03T12:00:00Z'),
        startTimer('sla.resolution.warning', '2025-03-03T13:30:00Z'),
        startTimer('sla.resolution.breach', '2025-03-04T09:30:00Z'),
      ],
    },
    {
      event: ev.reply('d5', '2025-03-03T10:30:00Z'),
      expect: [cancelTimer('sla.next_response.warning'), cancelTimer('sla.next_response.breach')],
    },
    {
      event: ev.status('d6', '2025-03-03T11:00:00Z', 'solved'),
      expect: [
        solvedNotice('d6'),
        cancelTimer('sla.resolution.warning'),
        cancelTimer('sla.resolution.breach'),
        startTimer('solved.auto_close', '2025-03-05T11:00:00Z'),
        startTimer('survey.deliver', '2025-03-03T15:00:00Z'),
      ],
    },
    {
      event: ev.timer('d7', '2025-03-03T15:00:00Z', 'survey.deliver'),
      expect: [activity('deliver_survey', 'd7', 'deliver_survey.r2', { ticketId: T, channel: 'email', resolution: 2 })],
    },
    { event: ev.customer('d8', '2025-03-04T12:00:00Z'), expect: [alert('d8', 'customer_reply')] },
    {
      event: ev.timer('d9', '2025-03-05T11:00:00Z', 'solved.auto_close'),
      expect: [activity('set_status', 'd9', 'set_status.closed', { ticketId: T, from: 'solved', to: 'closed', reason: 'auto_close' })],
    },
    { event: ev.customer('d10', '2025-03-05T12:00:00Z'), expect: [] },
    { event: ev.survey('d11', '2025-03-05T13:00:00Z', 2, 'Took too long'), expect: [alert('d11', 'low_csat', 'agent-ada', 2)] },
  ],
  expectSummary: { statusCategory: 'closed', nextTimerAt: null },
};

const onHoldOverHoliday: LifecycleScenario = {
  name: 'on-hold-pauses-sla-over-easter-holiday',
  description:
    'Opened Thursday 16:00 CEST, on hold after 20 minutes, back on Friday 17:00: the remaining time continues ' +
    'on Tuesday because the weekend and Easter Monday are not business time. Pausing never pulls a deadline earlier.',
  policy: SCENARIO_POLICY,
  steps: [
    {
      event: ev.opened('e1', '2025-04-17T14:00:00Z'),
      expect: [
        startTimer('sla.first_response.warning', '2025-04-17T14:30:00Z'),
        startTimer('sla.first_response.breach', '2025-04-17T15:00:00Z'),
        startTimer('sla.resolution.warning', '2025-04-18T10:00:00Z'),
        startTimer('sla.resolution.breach', '2025-04-18T14:00:00Z'),
      ],
    },
    {
      event: ev.status('e2', '2025-04-17T14:20:00Z', 'on_hold'),
      expect: [
        cancelTimer('sla.first_response.warning'),
        cancelTimer('sla.first_response.breach'),
        cancelTimer('sla.resolution.warning'),
        cancelTimer('sla.resolution.breach'),
      ],
    },
    {
      event: ev.status('e3', '2025-04-18T15:00:00Z', 'open'),
      expect: [
        startTimer('sla.first_response.warning', '2025-04-22T07:10:00Z'),
        startTimer('sla.first_response.breach', '2025-04-22T07:40:00Z'),
        startTimer('sla.resolution.warning', '2025-04-22T10:40:00Z'),
        startTimer('sla.resolution.breach', '2025-04-22T14:40:00Z'),
      ],
    },
    { event: ev.timer('e4', '2025-04-22T07:10:00Z', 'sla.first_response.warning'), expect: [firstResponseWarning('e4', '2025-04-22T07:10:00Z')] },
    { event: ev.reply('e5', '2025-04-22T07:30:00Z'), expect: [cancelTimer('sla.first_response.breach')] },
  ],
  expectSummary: {
    statusCategory: 'open',
    breachCount: 0,
    nextDeadline: { metric: 'resolution', at: Date.parse('2025-04-22T14:40:00Z') },
  },
};

const redelivery: LifecycleScenario = {
  name: 'duplicate-stale-and-early-timer-events',
  description:
    'Redelivered event ids produce nothing; a fire for a timer that is not live is ignored; an early fire ' +
    're-arms the timer, after catching up on the warning whose own fire never arrived.',
  policy: SCENARIO_POLICY,
  steps: [
    { event: ev.opened('g1', '2025-03-03T08:00:00Z'), expect: OPENED_MONDAY_9 },
    { event: ev.opened('g1', '2025-03-03T08:00:00Z'), expect: [] },
    { event: ev.customer('g2', '2025-03-03T08:05:00Z'), expect: [alert('g2', 'customer_reply')] },
    { event: ev.customer('g2', '2025-03-03T08:05:00Z'), expect: [] },
    { event: ev.timer('g3', '2025-03-03T08:06:00Z', 'pending.reminder'), expect: [] },
    {
      event: ev.timer('g4', '2025-03-03T08:50:00Z', 'sla.first_response.breach'),
      expect: [
        firstResponseWarning('g4', '2025-03-03T08:30:00Z'),
        cancelTimer('sla.first_response.warning'),
        startTimer('sla.first_response.breach', '2025-03-03T09:00:00Z'),
      ],
    },
    { event: ev.timer('g5', '2025-03-03T09:00:00Z', 'sla.first_response.breach'), expect: firstResponseBreach('g5', '2025-03-03T09:00:00Z') },
    { event: ev.timer('g5', '2025-03-03T09:00:00Z', 'sla.first_response.breach'), expect: [] },
  ],
  expectSummary: { breachedMetrics: ['first_response'], breachCount: 1 },
};

/** Version 2 halves the standard first-response target. */
export const SCENARIO_POLICY_V2: Policy = {
  ...SCENARIO_POLICY,
  version: 2,
  sla: {
    ...SCENARIO_POLICY.sla,
    policies: SCENARIO_POLICY.sla.policies.map((p) =>
      p.id === 'standard' ? { ...p, targets: { ...p.targets, first_response: 30 } } : p,
    ),
  },
};

const policyUpdate: LifecycleScenario = {
  name: 'policy-update-replans-open-cycles',
  description:
    'Ten minutes in, version 2 halves the first-response target: the open cycle keeps its elapsed time and its ' +
    'timers move earlier; the reply lands within the new target.',
  policy: SCENARIO_POLICY,
  steps: [
    { event: ev.opened('h1', '2025-03-03T08:00:00Z'), expect: OPENED_MONDAY_9 },
    {
      event: ev.policy('h2', '2025-03-03T08:10:00Z', 2),
      policy: SCENARIO_POLICY_V2,
      expect: [startTimer('sla.first_response.warning', '2025-03-03T08:15:00Z'), startTimer('sla.first_response.breach', '2025-03-03T08:30:00Z')],
    },
    { event: ev.timer('h3', '2025-03-03T08:15:00Z', 'sla.first_response.warning'), expect: [firstResponseWarning('h3', '2025-03-03T08:15:00Z')] },
    { event: ev.reply('h4', '2025-03-03T08:25:00Z'), expect: [cancelTimer('sla.first_response.breach')] },
  ],
  expectSummary: { policyVersion: 2, breachCount: 0, statusCategory: 'new' },
};

export const LIFECYCLE_SCENARIOS: readonly LifecycleScenario[] = [
  happyPath,
  breachAcrossDst,
  pendingAutomation,
  reopenWindow,
  onHoldOverHoliday,
  redelivery,
  policyUpdate,
];
