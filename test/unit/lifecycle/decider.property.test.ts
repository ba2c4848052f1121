import { isDeepStrictEqual } from 'node:util';
import test from 'ava';
import fc from 'fast-check';
import { calendar247 } from '../../../core/lifecycle/business-time';
import type { LifecycleCommand, TimerName } from '../../../core/lifecycle/commands';
import { decide } from '../../../core/lifecycle/decider';
import type { LifecycleEvent } from '../../../core/lifecycle/events';
import type { Policy } from '../../../core/lifecycle/policy.schema';
import { SLA_METRICS } from '../../../core/lifecycle/sla-metric';
import { SCENARIO_POLICY, ticket } from '../../../core/lifecycle/scenario-kit';
import { type LifecycleState, initialLifecycleState } from '../../../core/lifecycle/state';
import { STATUS_CATEGORIES } from '../../../core/ticket';

/**
 * Random event sequences through the decider, checking the invariants the engines rely on.
 * Timers fire the way an engine would: at their fireAt (or early, or after the fact), only while live.
 */

const MIN = 60_000;
const T0 = Date.parse('2025-03-27T08:00:00Z'); // a Thursday before the Berlin spring-forward weekend

const RICH_SLA: Policy['sla'] = {
  warningPercent: 60,
  policies: [
    {
      id: 'urgent',
      when: { priorities: ['urgent'] },
      hours: 'calendar',
      targets: { first_response: 30, next_response: 60, periodic_update: 120, resolution: 240 },
      escalations: [
        { on: 'warning', actions: [{ type: 'notify_assignee' }, { type: 'notify_channel', destination: 'slack:#urgent' }] },
        { on: 'breach', actions: [{ type: 'notify_team_lead' }, { type: 'reassign_team', teamId: 'team-escalations' }, { type: 'fire_webhook', webhookId: 'wh' }] },
      ],
    },
    {
      id: 'billing',
      when: { teamIds: ['team-billing'], tagsNone: ['vip'] },
      hours: 'business',
      targets: { first_response: 240, resolution: 960 },
      escalations: [{ on: 'breach', actions: [{ type: 'add_tag', tag: 'late' }] }],
    },
    {
      id: 'standard',
      when: {},
      hours: 'business',
      targets: { first_response: 60, next_response: 120, periodic_update: 480, resolution: 480 },
      escalations: [
        { on: 'warning', actions: [{ type: 'notify_assignee' }] },
        { on: 'breach', actions: [{ type: 'notify_team_lead' }, { type: 'raise_priority' }, { type: 'add_tag', tag: 'sla-breached' }] },
      ],
    },
  ],
};

const VARIANTS: Array<Omit<Policy, 'version'>> = [
  { ...SCENARIO_POLICY, sla: RICH_SLA, customerNotifications: { new: { template: 'hi' }, pending: { template: 'p' }, solved: { template: 's' } } },
  {
    ...SCENARIO_POLICY,
    calendar: { timeZone: 'America/New_York', weeklyHours: { 1: [{ start: '22:00', end: '06:00' }], 3: [{ start: '08:00', end: '20:00' }], 6: [{ start: '10:00', end: '14:00' }] }, holidays: ['2025-03-29'] },
    sla: { ...RICH_SLA, warningPercent: 90 },
    pending: { reminderAfterHours: 5, maxReminders: 3, reminderTemplate: 'r', autoSolveAfterDays: 1 },
    solved: { autoCloseAfterDays: 1, reopenWindowDays: 0.5 },
    survey: { enabled: true, delayHours: 0 },
  },
  { ...SCENARIO_POLICY, calendar: calendar247('Europe/Berlin'), sla: { ...RICH_SLA, warningPercent: 1 }, survey: { enabled: false, delayHours: 1 } },
];
const policyAt = (version: number): Policy => ({ ...(VARIANTS[(version - 1) % VARIANTS.length] as Omit<Policy, 'version'>), version });

type Action =
  | { kind: 'customer' | 'reply' | 'note' | 'policy' }
  | { kind: 'status'; to: (typeof STATUS_CATEGORIES)[number] }
  | { kind: 'priority'; to: string }
  | { kind: 'team'; to: string | null }
  | { kind: 'tags'; tags: string[] }
  | { kind: 'assignee'; to: string | null }
  | { kind: 'fire'; pick: number; early: boolean }
  | { kind: 'stale'; name: TimerName }
  | { kind: 'result'; pick: number; ok: boolean }
  | { kind: 'survey'; rating: 1 | 2 | 3 | 4 | 5 }
  | { kind: 'duplicate'; pick: number };

const TIMER_NAMES: TimerName[] = [
  ...SLA_METRICS.flatMap((m) => [`sla.${m}.warning`, `sla.${m}.breach`] as TimerName[]),
  'pending.reminder',
  'pending.auto_solve',
  'solved.auto_close',
  'survey.deliver',
];

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.constantFrom<Action>({ kind: 'customer' }, { kind: 'reply' }, { kind: 'note' }), weight: 6 },
  { arbitrary: fc.constantFrom(...STATUS_CATEGORIES).map((to): Action => ({ kind: 'status', to })), weight: 5 },
  { arbitrary: fc.record({ pick: fc.nat(), early: fc.boolean() }).map((r): Action => ({ kind: 'fire', ...r })), weight: 8 },
  { arbitrary: fc.constantFrom('low', 'normal', 'high', 'urgent').map((to): Action => ({ kind: 'priority', to })), weight: 1 },
  { arbitrary: fc.constantFrom('team-support', 'team-billing', null).map((to): Action => ({ kind: 'team', to })), weight: 1 },
  { arbitrary: fc.subarray(['vip', 'spam', 'sla-breached']).map((tags): Action => ({ kind: 'tags', tags })), weight: 1 },
  { arbitrary: fc.constantFrom('agent-ada', 'agent-bo', null).map((to): Action => ({ kind: 'assignee', to })), weight: 1 },
  { arbitrary: fc.constantFrom(...TIMER_NAMES).map((name): Action => ({ kind: 'stale', name })), weight: 1 },
  { arbitrary: fc.record({ pick: fc.nat(), ok: fc.boolean() }).map((r): Action => ({ kind: 'result', ...r })), weight: 1 },
  { arbitrary: fc.constantFrom(1, 2, 3, 4, 5).map((rating): Action => ({ kind: 'survey', rating })), weight: 1 },
  { arbitrary: fc.constant<Action>({ kind: 'policy' }), weight: 1 },
  { arbitrary: fc.nat().map((pick): Action => ({ kind: 'duplicate', pick })), weight: 2 },
);

// Mostly forward in minutes to days; sometimes simultaneous; rarely a little backwards (out-of-order delivery).
const stepArb = fc.record({
  action: actionArb,
  minutes: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 600 }), weight: 6 }, { arbitrary: fc.integer({ min: 600, max: 6000 }), weight: 2 }, { arbitrary: fc.integer({ min: -30, max: 0 }), weight: 1 }),
});

const scenarioArb = fc.record({
  opening: fc.record({
    status: fc.constantFrom('new', 'open', 'pending', 'on_hold'),
    priority: fc.constantFrom('low', 'normal', 'high', 'urgent'),
    offsetMinutes: fc.integer({ min: 0, max: 7 * 24 * 60 }),
  }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 35 }),
  closeAtEnd: fc.boolean(),
});

class InvariantError extends Error {}
function check(condition: boolean, message: string, context: unknown = undefined): asserts condition {
  if (!condition) throw new InvariantError(`${message}${context === undefined ? '' : `\n${JSON.stringify(context, null, 1)}`}`);
}

type Trace = { state: LifecycleState; policy: Policy; events: LifecycleEvent[]; activityKeys: Array<{ name: LifecycleCommand['name']; key: string }> };

/** The engine's view of live timers: what was started and not cancelled, minus what fired. */
function engineTimers(before: LifecycleState['timers'], event: LifecycleEvent, commands: LifecycleCommand[]): Map<string, number> {
  const live = new Map(Object.entries(before).map(([name, t]) => [name, t?.fireAt ?? 0]));
  if (event.type === 'timer_fired') live.delete(event.name);
  for (const c of commands) {
    if (c.type === 'start_timer') live.set(c.name, c.fireAt);
    if (c.type === 'cancel_timer') live.delete(c.name);
  }
  return live;
}

type DeadlineTrack = { fingerprint: string; due: number | null };

function checkDecision(trace: Trace, event: LifecycleEvent, tracks: Map<string, DeadlineTrack>): void {
  const before = trace.state;
  const { state, commands } = decide(before, event, trace.policy);
  const now = Math.max(event.at, before.lastEventAt ?? event.at);

  // No command twice for one event: no identical commands, one command per timer, unique idempotency keys.
  const serialized = commands.map((c) => JSON.stringify(c));
  check(new Set(serialized).size === serialized.length, 'a command was emitted twice', commands);
  const timerCommands = commands.filter((c) => c.type !== 'run_activity').map((c) => c.name);
  check(new Set(timerCommands).size === timerCommands.length, 'two commands for one timer', commands);
  const keys = commands.flatMap((c) => (c.type === 'run_activity' ? [c.idempotencyKey] : []));
  check(new Set(keys).size === keys.length, 'duplicate idempotency key', keys);

  // Deadlines are never before the event that started them.
  for (const c of commands) if (c.type === 'start_timer') check(c.fireAt >= now && c.fireAt >= event.at, 'timer in the past', { c, now });
  for (const metric of SLA_METRICS) {
    const clock = state.sla.clocks[metric];
    for (const instant of [clock.dueAt, clock.warnAt, clock.breachedAt, clock.warnedAt]) {
      if (instant !== null) check(clock.startedAt !== null && instant >= clock.startedAt, `${metric} instant before its cycle started`, clock);
    }
    if (clock.breachedAt !== null) check(clock.breachedAt <= now, `${metric} breached in the future`, clock);
  }

  // With the same rules in force, a deadline never moves earlier: pausing and resuming only push it out.
  for (const metric of SLA_METRICS) {
    const clock = state.sla.clocks[metric];
    const active = clock.phase === 'running' || clock.phase === 'paused';
    const fingerprint = JSON.stringify([clock.cycle, clock.targetMs, state.sla.policyId, state.policyVersion, state.sla.calendar, state.sla.warningPercent]);
    const track = tracks.get(metric);
    if (!active) tracks.delete(metric);
    else if (!track || track.fingerprint !== fingerprint) tracks.set(metric, { fingerprint, due: clock.dueAt });
    else if (clock.dueAt !== null) {
      check(track.due === null || clock.dueAt >= track.due, `${metric} deadline moved earlier under the same rules`, { before: track.due, after: clock.dueAt });
      track.due = clock.dueAt;
    }
  }

  // The state's live timers are exactly what an engine executing the commands would hold.
  const expected = engineTimers(before.timers, event, commands);
  const actual = new Map(Object.entries(state.timers).map(([name, t]) => [name, t?.fireAt ?? 0]));
  check(isDeepStrictEqual(actual, expected), 'state timers disagree with the command stream', { actual: [...actual], expected: [...expected] });

  // Closed tickets hold no timers and never start one.
  if (state.ticket?.statusCategory === 'closed') {
    check(Object.keys(state.timers).length === 0 && state.summary.nextTimerAt === null, 'closed ticket with live timers', state.timers);
    if (before.ticket?.statusCategory === 'closed') check(!commands.some((c) => c.type === 'start_timer'), 'timer started on a closed ticket', commands);
  }

  // Replaying the same event id changes nothing.
  const again = decide(state, event, trace.policy);
  check(again.state === state && again.commands.length === 0, 'a duplicate event changed something');

  // State is plain JSON.
  check(isDeepStrictEqual(JSON.parse(JSON.stringify(state)), state), 'state is not plain JSON');
  check(state.summary.breachCount === state.sla.breaches.length, 'summary breach count is stale');

  trace.state = state;
  trace.events.push(event);
  for (const c of commands) if (c.type === 'run_activity') trace.activityKeys.push({ name: c.name, key: c.idempotencyKey });
}

function toEvent(trace: Trace, action: Action, at: number, id: string): LifecycleEvent | null {
  const { state } = trace;
  const last = state.lastEventAt ?? at;
  switch (action.kind) {
    case 'customer':
      return { type: 'customer_message', id, at };
    case 'reply':
      return { type: 'agent_public_reply', id, at };
    case 'note':
      return { type: 'internal_note', id, at };
    case 'status':
      return { type: 'status_changed', id, at, to: action.to };
    case 'priority':
      return { type: 'priority_changed', id, at, to: action.to };
    case 'team':
      return { type: 'team_changed', id, at, to: action.to };
    case 'tags':
      return { type: 'tags_changed', id, at, tags: action.tags };
    case 'assignee':
      return { type: 'assignee_changed', id, at, to: action.to };
    case 'stale':
      return { type: 'timer_fired', id, at, name: action.name };
    case 'survey':
      return { type: 'survey_answered', id, at, rating: action.rating, comment: null };
    case 'policy':
      trace.policy = policyAt(trace.policy.version + 1);
      return { type: 'policy_updated', id, at, version: trace.policy.version };
    case 'fire': {
      const live = Object.entries(state.timers).sort(([a], [b]) => a.localeCompare(b));
      const picked = live[action.pick % Math.max(1, live.length)];
      if (!picked) return null;
      const [name, timer] = picked;
      const fireAt = timer?.fireAt ?? last;
      // An engine fires at fireAt; late if time already moved past it; "early" models a clock-skewed engine.
      const when = action.early && fireAt > last ? last + Math.floor((fireAt - last) / 2) : Math.max(fireAt, last);
      return { type: 'timer_fired', id: `fire:${name}:${when}:${id}`, at: when, name };
    }
    case 'result': {
      const done = trace.activityKeys[action.pick % Math.max(1, trace.activityKeys.length)];
      if (!done) return null;
      return { type: 'activity_result', id, at, name: done.name as Extract<LifecycleEvent, { type: 'activity_result' }>['name'], idempotencyKey: done.key, ok: action.ok };
    }
    case 'duplicate':
      return trace.events[action.pick % Math.max(1, trace.events.length)] ?? null;
  }
}

type SequenceInput = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function runSequence(input: SequenceInput): LifecycleState {
  const trace: Trace = { state: initialLifecycleState(), policy: policyAt(1), events: [], activityKeys: [] };
  const tracks = new Map<string, DeadlineTrack>();
  let at = T0 + input.opening.offsetMinutes * MIN;
  checkDecision(trace, { type: 'ticket_opened', id: 'open', at, ticket: ticket({ statusCategory: input.opening.status, priority: input.opening.priority }) }, tracks);
  input.steps.forEach((step, i) => {
    at = Math.max(T0, at + step.minutes * MIN);
    const event = toEvent(trace, step.action, at, `e${i}`);
    if (!event) return;
    if (trace.state.seenEventIds.includes(event.id)) {
      const replayed = decide(trace.state, event, trace.policy);
      check(replayed.state === trace.state && replayed.commands.length === 0, 'a redelivered event changed something');
      return;
    }
    checkDecision(trace, event, tracks);
  });
  if (input.closeAtEnd) {
    at += MIN;
    checkDecision(trace, { type: 'status_changed', id: 'end-solve', at, to: 'solved' }, tracks);
    checkDecision(trace, { type: 'status_changed', id: 'end-close', at: at + MIN, to: 'closed' }, tracks);
    check(trace.state.ticket?.statusCategory === 'closed', 'solve then close did not close');
    check(Object.keys(trace.state.timers).length === 0, 'solved-then-closed ticket has live timers', trace.state.timers);
  }
  return trace.state;
}

test('property: invariants hold over random event sequences', (t) => {
  fc.assert(fc.property(scenarioArb, (input) => void runSequence(input)), { numRuns: 400, includeErrorInReport: true });
  t.pass();
});

test('property: solved-then-closed tickets have no live timers, whatever came before', (t) => {
  fc.assert(
    fc.property(scenarioArb, (input) => {
      const state = runSequence({ ...input, closeAtEnd: true });
      return state.ticket?.statusCategory === 'closed' && Object.keys(state.timers).length === 0 && state.summary.nextTimerAt === null;
    }),
    { numRuns: 150, includeErrorInReport: true },
  );
  t.pass();
});

test('property: deciding is deterministic (same sequence, same states and commands)', (t) => {
  fc.assert(
    fc.property(scenarioArb, (input) => {
      const first = runSequence(input);
      const second = runSequence(input);
      return isDeepStrictEqual(first, second);
    }),
    { numRuns: 60, includeErrorInReport: true },
  );
  t.pass();
});
