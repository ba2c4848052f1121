import test from 'ava';
import type { LifecycleCommand } from '../../../core/lifecycle/commands';
import { decide, replay } from '../../../core/lifecycle/decider';
import { DEFAULT_POLICY } from '../../../core/lifecycle/default-policy';
import type { LifecycleEvent } from '../../../core/lifecycle/events';
import { SCENARIO_POLICY as P, SCENARIO_TICKET_ID, ev, ms } from '../../../core/lifecycle/scenario-kit';
import { LIFECYCLE_SCENARIOS } from '../../../core/lifecycle/scenarios';
import { initialLifecycleState } from '../../../core/lifecycle/state';

// Monday 2025-03-03 09:00 in Berlin.
const OPEN = ev.opened('o1', '2025-03-03T08:00:00Z');

const names = (commands: LifecycleCommand[]) =>
  commands.map((c) => (c.type === 'run_activity' ? `run:${c.name}` : `${c.type === 'start_timer' ? 'start' : 'cancel'}:${c.name}`));

for (const scenario of LIFECYCLE_SCENARIOS) {
  test(`scenario: ${scenario.name}`, (t) => {
    let state = initialLifecycleState();
    let policy = scenario.policy;
    scenario.steps.forEach((step, i) => {
      policy = step.policy ?? policy;
      const decision = decide(state, step.event, policy);
      t.deepEqual(decision.commands, step.expect, `step ${i} (${step.event.id} ${step.event.type})`);
      state = decision.state;
    });
    t.like(state.summary, scenario.expectSummary);
  });
}

test('scenario names are unique and kebab-case', (t) => {
  const scenarioNames = LIFECYCLE_SCENARIOS.map((s) => s.name);
  t.is(new Set(scenarioNames).size, scenarioNames.length);
  for (const name of scenarioNames) t.regex(name, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
});

test('a duplicate event id returns the very same state and no commands', (t) => {
  const { state } = replay([OPEN, ev.customer('m1', '2025-03-03T08:05:00Z')], P);
  const again = decide(state, ev.customer('m1', '2025-03-03T08:30:00Z'), P);
  t.is(again.state, state);
  t.deepEqual(again.commands, []);
});

test('decide never mutates its input state', (t) => {
  const { state } = replay([OPEN], P);
  const before = JSON.stringify(state);
  decide(state, ev.reply('r1', '2025-03-03T08:10:00Z'), P);
  decide(state, ev.status('s1', '2025-03-03T08:10:00Z', 'closed'), P);
  t.is(JSON.stringify(state), before);
});

test('state is plain JSON: a JSON round trip is lossless and decisions continue identically', (t) => {
  const events: LifecycleEvent[] = [OPEN, ev.reply('r1', '2025-03-03T08:10:00Z'), ev.status('s1', '2025-03-03T08:11:00Z', 'pending')];
  const { state } = replay(events, P);
  const revived = JSON.parse(JSON.stringify(state)) as typeof state;
  t.deepEqual(revived, state);
  const next = ev.customer('m1', '2025-03-04T08:00:00Z');
  t.deepEqual(decide(revived, next, P), decide(state, next, P));
});

test('same inputs give the same decision, idempotency keys included (deterministic replay)', (t) => {
  const events: LifecycleEvent[] = [OPEN, ev.timer('w1', '2025-03-03T08:30:00Z', 'sla.first_response.warning')];
  t.deepEqual(replay(events, P), replay(events, P));
  const [, warning] = replay(events, P).commands;
  t.deepEqual(
    warning?.map((c) => (c.type === 'run_activity' ? c.idempotencyKey : null)),
    [`lifecycle:${SCENARIO_TICKET_ID}:w1:escalation.first_response.warning.c1.s0.a0`],
  );
});

test('idempotency keys escape separators so different ids never collide', (t) => {
  const a = replay([ev.opened('x', '2025-03-03T08:00:00Z', { id: 'a:b' }), ev.assignee('c', '2025-03-03T08:01:00Z', 'z')], P);
  const b = replay([ev.opened('x', '2025-03-03T08:00:00Z', { id: 'a' }), ev.assignee('b:c', '2025-03-03T08:01:00Z', 'z')], P);
  const key = (r: typeof a) => r.commands[1]?.find((c) => c.type === 'run_activity')?.idempotencyKey;
  t.truthy(key(a));
  t.not(key(a), key(b));
});

test('events before ticket_opened are recorded as seen but change nothing', (t) => {
  const decision = decide(initialLifecycleState(), ev.customer('m0', '2025-03-03T07:00:00Z'), P);
  t.deepEqual(decision.commands, []);
  t.is(decision.state.ticket, null);
  t.deepEqual(decision.state.seenEventIds, ['m0']);
});

test('a second ticket_opened with a new id is ignored', (t) => {
  const { state, commands } = replay([OPEN, ev.opened('o2', '2025-03-03T08:05:00Z', { priority: 'urgent' })], P);
  t.deepEqual(commands[1], []);
  t.is(state.ticket?.priority, 'normal');
});

test('time never runs backwards: an event stamped earlier is applied at the latest known time', (t) => {
  const { state } = replay([OPEN, ev.note('n1', '2025-03-03T08:20:00Z'), ev.reply('r1', '2025-03-03T08:10:00Z')], P);
  t.is(state.firstAgentReplyAt, ms('2025-03-03T08:20:00Z'));
  t.is(state.lastEventAt, ms('2025-03-03T08:20:00Z'));
  t.is(state.sla.clocks.first_response.elapsedMs, 20 * 60_000);
});

test('a fire for a timer that is not live is ignored', (t) => {
  const { commands, state } = replay([OPEN, ev.timer('t1', '2025-03-03T08:20:00Z', 'solved.auto_close')], P);
  t.deepEqual(commands[1], []);
  t.truthy(state.timers['sla.first_response.breach']);
});

test('an early fire re-arms the timer at its planned instant', (t) => {
  const { commands, state } = replay([OPEN, ev.timer('t1', '2025-03-03T08:10:00Z', 'sla.first_response.warning')], P);
  t.deepEqual(commands[1], [{ type: 'start_timer', name: 'sla.first_response.warning', fireAt: ms('2025-03-03T08:30:00Z') }]);
  t.is(state.sla.clocks.first_response.warnedAt, null);
});

test('a late timer records the breach at the deadline, not at the fire', (t) => {
  const { state } = replay([OPEN, ev.timer('t1', '2025-03-03T11:00:00Z', 'sla.first_response.breach')], P);
  t.is(state.sla.clocks.first_response.breachedAt, ms('2025-03-03T09:00:00Z'));
  t.is(state.sla.clocks.first_response.warnedAt, ms('2025-03-03T08:30:00Z'));
  t.deepEqual(state.sla.breaches, [{ metric: 'first_response', cycle: 1, at: ms('2025-03-03T09:00:00Z'), slaPolicyId: 'standard' }]);
});

test('closed is terminal: no live timers, and later events other than survey/activity results do nothing', (t) => {
  const events: LifecycleEvent[] = [OPEN, ev.status('s1', '2025-03-03T08:10:00Z', 'solved'), ev.status('s2', '2025-03-03T08:20:00Z', 'closed')];
  const { state, commands } = replay(events, P);
  t.deepEqual(state.timers, {});
  t.true(names(commands[2] ?? []).every((n) => !n.startsWith('start:')));
  for (const later of [
    ev.customer('m1', '2025-03-03T09:00:00Z'),
    ev.reply('r1', '2025-03-03T09:00:00Z'),
    ev.status('s3', '2025-03-03T09:00:00Z', 'open'),
    ev.priority('p1', '2025-03-03T09:00:00Z', 'urgent'),
    ev.policy('v2', '2025-03-03T09:00:00Z', 2),
  ]) {
    const decision = decide(state, later, P);
    t.deepEqual(decision.commands, [], later.type);
    t.deepEqual(decision.state.sla, state.sla, later.type);
    t.is(decision.state.ticket?.statusCategory, 'closed');
  }
});

test('the summary answers queries: status, next deadline, breaches, next timer', (t) => {
  const { state } = replay([OPEN, ev.timer('t1', '2025-03-03T09:00:00Z', 'sla.first_response.breach')], P);
  t.deepEqual(state.summary, {
    statusCategory: 'new',
    policyVersion: 1,
    slaPolicyId: 'standard',
    nextDeadline: { metric: 'resolution', at: ms('2025-03-03T16:00:00Z') },
    slaPaused: false,
    breachedMetrics: ['first_response'],
    breachCount: 1,
    nextTimerAt: ms('2025-03-03T12:00:00Z'),
  });
});

test('the default policy works end to end', (t) => {
  const { commands, state } = replay(
    [ev.opened('o1', '2025-03-03T09:00:00Z'), ev.reply('r1', '2025-03-03T10:00:00Z'), ev.status('s1', '2025-03-03T10:00:00Z', 'solved')],
    DEFAULT_POLICY,
  );
  t.deepEqual(names(commands[0] ?? []), [
    'run:notify_customer',
    'start:sla.first_response.warning',
    'start:sla.first_response.breach',
    'start:sla.resolution.warning',
    'start:sla.resolution.breach',
  ]);
  t.is(state.sla.policyId, 'standard');
  t.is(state.survey?.status, 'scheduled');
  t.deepEqual(Object.keys(state.timers).sort(), ['solved.auto_close', 'survey.deliver']);
});

test('the seen-id window is bounded', (t) => {
  let { state } = replay([OPEN], P);
  for (let i = 0; i < 1_100; i += 1) state = decide(state, ev.note(`n${i}`, '2025-03-03T08:01:00Z'), P).state;
  t.is(state.seenEventIds.length, 1_000);
  t.is(state.seenEventIds.at(-1), 'n1099');
});
