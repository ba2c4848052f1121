import test from 'ava';
import type { LifecycleCommand } from '../../../core/lifecycle/commands';
import { decide, replay } from '../../../core/lifecycle/decider';
import type { LifecycleEvent, TicketSnapshot } from '../../../core/lifecycle/events';
import type { Policy } from '../../../core/lifecycle/policy.schema';
import { SCENARIO_POLICY, ticket } from '../../../core/lifecycle/scenario-kit';
import type { StatusCategory } from '../../../core/ticket';

/** Pending reminders, auto-solve, auto-close, reopen, surveys, customer notifications and agent alerts. */
const H = 3_600_000;
const T0 = Date.parse('2025-03-03T08:00:00Z');
const h = (hours: number) => T0 + hours * H;

// SCENARIO_POLICY without SLA targets (covered elsewhere): reminders every 24 h (max 2), auto-solve after 3 days,
// auto-close 2 days after solve, reopen window 1 day, survey 4 h after solve, a customer notice on solved,
// every agent alert on (low CSAT ≤ 2).
const P: Policy = { ...SCENARIO_POLICY, sla: { warningPercent: 50, policies: [] } };
const variant = (patch: Partial<Policy>): Policy => ({ ...P, ...patch });

let seq = 0;
const id = () => `a${(seq += 1)}`;
const opened = (t: Partial<TicketSnapshot> = {}): LifecycleEvent => ({ type: 'ticket_opened', id: id(), at: h(0), ticket: ticket(t) });
const status = (hours: number, to: StatusCategory): LifecycleEvent => ({ type: 'status_changed', id: id(), at: h(hours), to });
const customer = (hours: number): LifecycleEvent => ({ type: 'customer_message', id: id(), at: h(hours) });
const reply = (hours: number): LifecycleEvent => ({ type: 'agent_public_reply', id: id(), at: h(hours) });
const fire = (hours: number, name: string): LifecycleEvent => ({ type: 'timer_fired', id: id(), at: h(hours), name });

const runs = (commands: LifecycleCommand[] | undefined) =>
  (commands ?? []).flatMap((c) => (c.type === 'run_activity' ? [c.name === 'set_status' ? `set_status:${c.input.to}` : c.name === 'alert_agent' ? `alert_agent:${c.input.reason}` : c.name] : []));
const timerNames = (state: { timers: object }) => Object.keys(state.timers).sort();

test('pending: reminders every N hours up to the maximum, then auto-solve', (t) => {
  const { state, commands } = replay([opened(), status(1, 'pending'), fire(25, 'pending.reminder'), fire(49, 'pending.reminder'), fire(73, 'pending.auto_solve')], P);
  t.deepEqual(commands[1]?.filter((c) => c.type === 'start_timer' && c.name.startsWith('pending')), [
    { type: 'start_timer', name: 'pending.auto_solve', fireAt: h(73) },
    { type: 'start_timer', name: 'pending.reminder', fireAt: h(25) },
  ]);
  t.deepEqual(runs(commands[2]), ['notify_customer']);
  t.deepEqual(commands[2]?.filter((c) => c.type === 'start_timer'), [{ type: 'start_timer', name: 'pending.reminder', fireAt: h(49) }]);
  t.deepEqual(runs(commands[3]), ['notify_customer']);
  t.false(commands[3]?.some((c) => c.type === 'start_timer'), 'the maximum of two reminders is reached');
  t.deepEqual(runs(commands[4]), ['set_status:solved', 'notify_customer']);
  t.is(state.ticket?.statusCategory, 'solved');
  t.deepEqual(timerNames(state), ['solved.auto_close', 'survey.deliver']);
});

test('pending: a reminder that would land at or after the auto-solve is not planned', (t) => {
  const policy = variant({ pending: { ...P.pending, reminderAfterHours: 72 } });
  const { state } = replay([opened(), status(1, 'pending')], policy);
  t.deepEqual(timerNames(state), ['pending.auto_solve']);
});

test('pending: reminders and auto-solve can be turned off', (t) => {
  const policy = variant({ pending: { ...P.pending, reminderAfterHours: null, autoSolveAfterDays: null } });
  t.deepEqual(timerNames(replay([opened(), status(1, 'pending')], policy).state), []);
  const none = variant({ pending: { ...P.pending, maxReminders: 0 } });
  t.deepEqual(timerNames(replay([opened(), status(1, 'pending')], none).state), ['pending.auto_solve']);
});

test('pending: leaving pending cancels its timers and resets the reminder count', (t) => {
  const { state, commands } = replay([opened(), status(1, 'pending'), fire(25, 'pending.reminder'), status(30, 'open'), status(31, 'pending')], P);
  t.deepEqual(commands[3]?.filter((c) => c.type === 'cancel_timer'), [
    { type: 'cancel_timer', name: 'pending.auto_solve' },
    { type: 'cancel_timer', name: 'pending.reminder' },
  ]);
  t.deepEqual(state.pending, { since: h(31), remindersSent: 0, lastReminderAt: null });
  t.is(state.timers['pending.reminder']?.fireAt, h(55));
});

test('auto-solve does nothing if the ticket already left pending', (t) => {
  // The fire raced with an agent's change: the timer was cancelled, so the fire is stale.
  const { commands } = replay([opened(), status(1, 'pending'), status(2, 'open'), fire(73, 'pending.auto_solve')], P);
  t.deepEqual(commands[3]?.filter((c) => c.type === 'run_activity'), []);
});

test('auto-close N days after solve; a reopen cancels it; it can be turned off', (t) => {
  const closed = replay([opened(), status(1, 'solved'), fire(5, 'survey.deliver'), fire(49, 'solved.auto_close')], P);
  t.deepEqual(runs(closed.commands[3]), ['set_status:closed']);
  t.is(closed.state.ticket?.statusCategory, 'closed');
  t.deepEqual(closed.state.timers, {});

  const reopened = replay([opened(), status(1, 'solved'), status(2, 'open')], P);
  t.false('solved.auto_close' in reopened.state.timers);

  const never = replay([opened(), status(1, 'solved')], variant({ solved: { autoCloseAfterDays: null, reopenWindowDays: 1 } }));
  t.deepEqual(timerNames(never.state), ['survey.deliver']);
});

type Reopen = { from: StatusCategory; after: number; reopens: boolean };
const reopenCases: Reopen[] = [
  { from: 'new', after: 1, reopens: false },
  { from: 'open', after: 1, reopens: false },
  { from: 'pending', after: 100, reopens: true },
  { from: 'on_hold', after: 100, reopens: true },
  { from: 'solved', after: 24, reopens: true },
  { from: 'solved', after: 24.01, reopens: false },
];
for (const c of reopenCases) {
  test(`a customer reply ${c.reopens ? 'reopens' : 'does not reopen'} a ${c.from} ticket after ${c.after} h`, (t) => {
    const events = [opened({ statusCategory: c.from === 'new' ? 'new' : 'open' })];
    if (c.from !== 'new' && c.from !== 'open') events.push(status(0, c.from));
    const message = customer(c.after);
    const { state, commands } = replay([...events, message], P);
    const last = commands.at(-1);
    t.is(state.ticket?.statusCategory, c.reopens ? 'open' : c.from);
    t.is(runs(last).includes('set_status:open'), c.reopens);
    if (c.reopens) {
      t.deepEqual(last?.find((c2) => c2.type === 'run_activity' && c2.name === 'set_status'), {
        type: 'run_activity',
        name: 'set_status',
        input: { ticketId: 'T-100', from: c.from, to: 'open', reason: 'customer_reply' },
        idempotencyKey: `lifecycle:T-100:${message.id}:set_status.open`,
      });
    }
  });
}

test('the echo of a lifecycle status change is a no-op', (t) => {
  const { commands } = replay([opened(), status(1, 'pending'), customer(2), status(2, 'open')], P);
  t.deepEqual(commands[3], []);
});

test('survey: one per resolution, after the delay, on the ticket channel', (t) => {
  const fired = fire(5, 'survey.deliver');
  const { state, commands } = replay([opened({ channel: 'whatsapp' }), status(1, 'solved'), fired], P);
  t.is(state.timers['survey.deliver'], undefined);
  t.deepEqual(commands[2]?.[0], {
    type: 'run_activity',
    name: 'deliver_survey',
    input: { ticketId: 'T-100', channel: 'whatsapp', resolution: 1 },
    idempotencyKey: `lifecycle:T-100:${fired.id}:deliver_survey.r1`,
  });
  t.like(state.survey, { resolution: 1, status: 'sending' });
});

test('survey: a reopen before it goes out cancels it; the next resolution gets its own', (t) => {
  const { state, commands } = replay(
    [opened(), status(1, 'solved'), customer(2), status(3, 'solved'), fire(7, 'survey.deliver')],
    P,
  );
  t.deepEqual(commands[2]?.filter((c) => c.type === 'cancel_timer' && c.name === 'survey.deliver'), [{ type: 'cancel_timer', name: 'survey.deliver' }]);
  t.deepEqual(runs(commands[4]), ['deliver_survey']);
  t.like(state.survey, { resolution: 2, status: 'sending' });
  t.is(state.resolution.count, 2);
});

test('survey: after it was sent, a reopen and a new solve send one more, never two for the same resolution', (t) => {
  const events = [opened(), status(1, 'solved'), fire(5, 'survey.deliver'), customer(6), status(7, 'solved'), fire(11, 'survey.deliver'), fire(11, 'survey.deliver')];
  const { commands } = replay(events, P);
  const sent = commands.flatMap((cs) => cs.filter((c) => c.type === 'run_activity' && c.name === 'deliver_survey'));
  t.deepEqual(sent.map((c) => (c.type === 'run_activity' && c.name === 'deliver_survey' ? c.input.resolution : 0)), [1, 2]);
});

test('survey: closing before the delay sends it at once; disabled sends none; zero delay sends at solve', (t) => {
  const closing = replay([opened(), status(1, 'solved'), status(2, 'closed')], P);
  t.deepEqual(runs(closing.commands[2]), ['deliver_survey']);
  t.deepEqual(closing.state.timers, {});

  const disabled = replay([opened(), status(1, 'solved'), status(2, 'closed')], variant({ survey: { enabled: false, delayHours: 4 } }));
  t.false(disabled.commands.flat().some((c) => c.type === 'run_activity' && c.name === 'deliver_survey'));
  t.is(disabled.state.survey, null);

  const immediate = replay([opened(), status(1, 'solved')], variant({ survey: { enabled: true, delayHours: 0 } }));
  t.deepEqual(runs(immediate.commands[1]), ['deliver_survey', 'notify_customer']);
  t.false('survey.deliver' in immediate.state.timers);
});

test('survey: a closed ticket without a solve sends no survey', (t) => {
  const { commands, state } = replay([opened(), status(1, 'closed')], P);
  t.deepEqual(runs(commands[1]), []);
  t.is(state.resolution.count, 0);
});

test('survey: delivery results and answers are recorded, even after close', (t) => {
  const events = [opened(), status(1, 'solved'), status(2, 'closed')];
  const { state } = replay(events, P);
  const key = state.survey?.deliveryKey ?? '';
  const wrongKey = decide(state, { type: 'activity_result', id: 'r0', at: h(2), name: 'deliver_survey', idempotencyKey: 'other', ok: true }, P);
  t.is(wrongKey.state.survey?.status, 'sending');
  const ok = decide(state, { type: 'activity_result', id: 'r1', at: h(2), name: 'deliver_survey', idempotencyKey: key, ok: true }, P);
  t.like(ok.state.survey, { status: 'sent', sentAt: h(2) });
  const failed = decide(state, { type: 'activity_result', id: 'r2', at: h(2), name: 'deliver_survey', idempotencyKey: key, ok: false, error: 'bounced' }, P);
  t.is(failed.state.survey?.status, 'failed');
  t.deepEqual(failed.state.failedActivities, [{ name: 'deliver_survey', idempotencyKey: key, at: h(2), error: 'bounced' }]);
  const answered = decide(ok.state, { type: 'survey_answered', id: 's1', at: h(30), rating: 4, comment: 'ok' }, P);
  t.like(answered.state.survey, { status: 'answered', rating: 4, comment: 'ok', answeredAt: h(30) });
  t.deepEqual(answered.commands, []);
});

for (const [rating, threshold, alerts] of [
  [1, 2, true],
  [2, 2, true],
  [3, 2, false],
  [1, null, false],
] as const) {
  test(`survey: rating ${rating} with low-CSAT threshold ${threshold} ${alerts ? 'alerts' : 'does not alert'}`, (t) => {
    const policy = variant({ agentAlerts: { ...P.agentAlerts, lowCsatAtOrBelow: threshold } });
    const { commands } = replay([opened(), status(1, 'solved'), { type: 'survey_answered', id: 'sv', at: h(3), rating, comment: null }], policy);
    t.deepEqual(runs(commands[2]), alerts ? ['alert_agent:low_csat'] : []);
  });
}

test('customer notifications go out when entering each configured category', (t) => {
  const policy = variant({
    customerNotifications: { new: { template: 'received' }, pending: { template: 'waiting_on_you' }, on_hold: { template: 'on_hold' }, solved: { template: 'solved' }, closed: { template: 'closed' } },
  });
  const { commands } = replay([opened(), status(1, 'pending'), status(2, 'on_hold'), status(3, 'open'), status(4, 'solved'), status(5, 'closed')], policy);
  const templates = commands.map((cs) => cs.flatMap((c) => (c.type === 'run_activity' && c.name === 'notify_customer' ? [c.input.template] : [])));
  t.deepEqual(templates, [['received'], ['waiting_on_you'], ['on_hold'], [], ['solved'], ['closed']]);
});

test('agent alerts: assignment, customer reply (only with an assignee), reopen; each can be turned off', (t) => {
  const assign: LifecycleEvent = { type: 'assignee_changed', id: 'as', at: h(1), to: 'agent-bo' };
  const unassign: LifecycleEvent = { type: 'assignee_changed', id: 'un', at: h(1), to: null };
  t.deepEqual(runs(replay([opened(), assign], P).commands[1]), ['alert_agent:assigned']);
  t.deepEqual(runs(replay([opened(), unassign], P).commands[1]), []);
  t.deepEqual(runs(replay([opened(), reply(1), customer(2)], P).commands[2]), ['alert_agent:customer_reply']);
  t.deepEqual(runs(replay([opened({ assigneeId: null }), customer(2)], P).commands[1]), []);
  t.deepEqual(runs(replay([opened(), status(1, 'pending'), customer(2)], P).commands[2]), ['set_status:open', 'alert_agent:reopened']);

  const quiet = variant({ agentAlerts: { onAssignment: false, onCustomerReply: false, onReopen: false, lowCsatAtOrBelow: null } });
  t.deepEqual(runs(replay([opened(), assign], quiet).commands[1]), []);
  t.deepEqual(runs(replay([opened(), customer(2)], quiet).commands[1]), []);
  t.deepEqual(runs(replay([opened(), status(1, 'pending'), customer(2)], quiet).commands[2]), ['set_status:open']);
});
