import test from 'ava';
import { calendar247 } from '../../../core/lifecycle/business-time';
import type { LifecycleCommand } from '../../../core/lifecycle/commands';
import { decide, replay } from '../../../core/lifecycle/decider';
import type { LifecycleEvent, TicketSnapshot } from '../../../core/lifecycle/events';
import type { Policy } from '../../../core/lifecycle/policy.schema';
import { SCENARIO_POLICY, ticket } from '../../../core/lifecycle/scenario-kit';
import { conditionsMatch, findSlaPolicy } from '../../../core/lifecycle/sla-select';
import type { StatusCategory } from '../../../core/ticket';

/** SLA rules on a 24/7 UTC calendar, so deadlines are plain minute offsets from T0. */
const MIN = 60_000;
const T0 = Date.parse('2025-03-03T08:00:00Z');
const m = (minutes: number) => T0 + minutes * MIN;

const FLAT: Policy = {
  ...SCENARIO_POLICY,
  calendar: calendar247('UTC'),
  sla: {
    warningPercent: 50,
    policies: [
      {
        id: 'vip',
        when: { organizationIds: ['org-vip'] },
        hours: 'business',
        targets: { first_response: 10, resolution: 100 },
        escalations: [],
      },
      {
        id: 'standard',
        when: {},
        hours: 'business',
        targets: { first_response: 60, next_response: 120, periodic_update: 240, resolution: 600 },
        escalations: [
          { on: 'warning', actions: [{ type: 'notify_assignee' }] },
          { on: 'breach', actions: [{ type: 'notify_team_lead' }] },
        ],
      },
    ],
  },
  pending: { ...SCENARIO_POLICY.pending, reminderAfterHours: null, autoSolveAfterDays: null },
  solved: { autoCloseAfterDays: null, reopenWindowDays: 1 },
  survey: { enabled: false, delayHours: 0 },
  customerNotifications: {},
  agentAlerts: { onCustomerReply: false, onAssignment: false, onReopen: false, lowCsatAtOrBelow: null },
};

let seq = 0;
const id = () => `x${(seq += 1)}`;
const opened = (minute = 0, t: Partial<TicketSnapshot> = {}): LifecycleEvent => ({ type: 'ticket_opened', id: id(), at: m(minute), ticket: ticket(t) });
const customer = (minute: number): LifecycleEvent => ({ type: 'customer_message', id: id(), at: m(minute) });
const reply = (minute: number): LifecycleEvent => ({ type: 'agent_public_reply', id: id(), at: m(minute) });
const note = (minute: number): LifecycleEvent => ({ type: 'internal_note', id: id(), at: m(minute) });
const status = (minute: number, to: StatusCategory): LifecycleEvent => ({ type: 'status_changed', id: id(), at: m(minute), to });
const fire = (minute: number, name: string): LifecycleEvent => ({ type: 'timer_fired', id: id(), at: m(minute), name });
const priority = (minute: number, to: string): LifecycleEvent => ({ type: 'priority_changed', id: id(), at: m(minute), to });

const run = (events: LifecycleEvent[], policy: Policy = FLAT) => replay(events, policy);
const escalations = (commands: LifecycleCommand[] | undefined) =>
  (commands ?? []).flatMap((c) => (c.type === 'run_activity' && 'escalation' in c.input ? [`${c.name}:${c.input.escalation.metric}:${c.input.escalation.kind}`] : []));

test('opening starts first response and resolution with warning and breach timers', (t) => {
  const { state, commands } = run([opened()]);
  t.like(state.sla.clocks.first_response, { phase: 'running', cycle: 1, startedAt: m(0), targetMs: 60 * MIN, dueAt: m(60), warnAt: m(30) });
  t.like(state.sla.clocks.resolution, { phase: 'running', dueAt: m(600), warnAt: m(300) });
  t.like(state.sla.clocks.next_response, { phase: 'idle', cycle: 0 });
  t.like(state.sla.clocks.periodic_update, { phase: 'idle', cycle: 0 });
  t.deepEqual(commands[0], [
    { type: 'start_timer', name: 'sla.first_response.warning', fireAt: m(30) },
    { type: 'start_timer', name: 'sla.first_response.breach', fireAt: m(60) },
    { type: 'start_timer', name: 'sla.resolution.warning', fireAt: m(300) },
    { type: 'start_timer', name: 'sla.resolution.breach', fireAt: m(600) },
  ]);
});

for (const category of ['pending', 'on_hold'] as const) {
  test(`a ticket opened as ${category} starts its clocks paused`, (t) => {
    const { state } = run([opened(0, { statusCategory: category })]);
    t.like(state.sla.clocks.first_response, { phase: 'paused', pausedAt: m(0), dueAt: null });
    t.true(state.summary.slaPaused);
    t.deepEqual(Object.keys(state.timers).filter((n) => n.startsWith('sla.')), []);
  });
}

test('internal notes never satisfy first response', (t) => {
  const { state, commands } = run([opened(), note(5), note(50)]);
  t.is(state.sla.clocks.first_response.phase, 'running');
  t.deepEqual(commands[1], []);
  t.is(state.firstAgentReplyAt, null);
});

test('the first public agent reply satisfies first response and starts periodic update', (t) => {
  const { state, commands } = run([opened(), reply(20)]);
  t.like(state.sla.clocks.first_response, { phase: 'done', doneAt: m(20), elapsedMs: 20 * MIN, breachedAt: null });
  t.like(state.sla.clocks.periodic_update, { phase: 'running', cycle: 1, dueAt: m(260), warnAt: m(140) });
  t.is(state.firstAgentReplyAt, m(20));
  t.deepEqual(commands[1], [
    { type: 'cancel_timer', name: 'sla.first_response.warning' },
    { type: 'cancel_timer', name: 'sla.first_response.breach' },
    { type: 'start_timer', name: 'sla.periodic_update.warning', fireAt: m(140) },
    { type: 'start_timer', name: 'sla.periodic_update.breach', fireAt: m(260) },
  ]);
});

test('next response starts only after an agent reply, keeps the first unanswered message, and opens a new cycle each time', (t) => {
  const before = run([opened(), customer(5)]).state;
  t.is(before.sla.clocks.next_response.phase, 'idle', 'first response covers messages before the first reply');

  const { state } = run([opened(), reply(10), customer(20), customer(40)]);
  t.like(state.sla.clocks.next_response, { phase: 'running', cycle: 1, startedAt: m(20), dueAt: m(140) });

  const after = run([opened(), reply(10), customer(20), reply(30), customer(50)]).state;
  t.like(after.sla.clocks.next_response, { phase: 'running', cycle: 2, startedAt: m(50), dueAt: m(170), warnedAt: null });
});

test('each public reply closes the periodic-update cycle and starts a new one', (t) => {
  const { state } = run([opened(), reply(10), reply(100)]);
  t.like(state.sla.clocks.periodic_update, { phase: 'running', cycle: 2, startedAt: m(100), dueAt: m(340) });
});

test('a warning and a breach fire once per cycle, and again in the next cycle', (t) => {
  const events = [
    opened(),
    reply(1), // periodic update cycle 1 from minute 1
    fire(121, 'sla.periodic_update.warning'),
    fire(121, 'sla.periodic_update.warning'), // a second fire with a new id: not live any more
    fire(241, 'sla.periodic_update.breach'),
    fire(245, 'sla.periodic_update.breach'),
    reply(250), // cycle 2 from minute 250
    fire(370, 'sla.periodic_update.warning'),
  ];
  const { commands, state } = run(events);
  t.deepEqual(escalations(commands[2]), ['notify_assignee:periodic_update:warning']);
  t.deepEqual(escalations(commands[3]), []);
  t.deepEqual(escalations(commands[4]), ['notify_team_lead:periodic_update:breach']);
  t.deepEqual(escalations(commands[5]), []);
  // Minute 370 is also past the resolution warning (300): catching up reports it too.
  t.deepEqual(escalations(commands[7]), ['notify_assignee:periodic_update:warning', 'notify_assignee:resolution:warning']);
  t.deepEqual(
    state.sla.breaches.map((b) => [b.metric, b.cycle, b.at]),
    [['periodic_update', 1, m(241)]],
  );
});

test('catching up over both thresholds reports only the breach, with exact instants', (t) => {
  const { commands, state } = run([opened(), reply(200)]);
  t.deepEqual(escalations(commands[1]), ['notify_team_lead:first_response:breach']);
  t.like(state.sla.clocks.first_response, { warnedAt: m(30), breachedAt: m(60), phase: 'done' });
});

test('a reply at the deadline is a breach; one millisecond earlier is met', (t) => {
  const late = run([opened(), { type: 'agent_public_reply', id: 'r', at: m(60) }]).state;
  t.is(late.sla.clocks.first_response.breachedAt, m(60));
  const onTime = run([opened(), { type: 'agent_public_reply', id: 'r', at: m(60) - 1 }]).state;
  t.is(onTime.sla.clocks.first_response.breachedAt, null);
});

test('the warning percentage is configurable', (t) => {
  const policy: Policy = { ...FLAT, sla: { ...FLAT.sla, warningPercent: 80 } };
  const { state } = run([opened()], policy);
  t.is(state.sla.clocks.first_response.warnAt, m(48));
});

const pauseCases: Array<{ to: StatusCategory; phase: string }> = [
  { to: 'pending', phase: 'paused' },
  { to: 'on_hold', phase: 'paused' },
  { to: 'solved', phase: 'paused' },
  { to: 'closed', phase: 'done' },
];
for (const { to, phase } of pauseCases) {
  test(`moving to ${to} stops the resolution clock (${phase}) and keeps its elapsed time`, (t) => {
    const { state, commands } = run([opened(), status(40, to)]);
    t.like(state.sla.clocks.resolution, { phase, elapsedMs: 40 * MIN, dueAt: null, warnAt: null });
    t.deepEqual(
      (commands[1] ?? []).filter((c) => c.name.startsWith('sla.')),
      [
        { type: 'cancel_timer', name: 'sla.first_response.warning' },
        { type: 'cancel_timer', name: 'sla.first_response.breach' },
        { type: 'cancel_timer', name: 'sla.resolution.warning' },
        { type: 'cancel_timer', name: 'sla.resolution.breach' },
      ],
    );
  });
}

test('resuming moves the deadline later by exactly the paused time', (t) => {
  const { state } = run([opened(), status(40, 'on_hold'), status(100, 'open')]);
  t.like(state.sla.clocks.first_response, { phase: 'running', runningSince: m(100), elapsedMs: 40 * MIN, dueAt: m(120), warnAt: null });
  t.is(state.sla.clocks.first_response.warnedAt, m(30), 'the warning crossed before the pause was recorded');
  t.is(state.sla.clocks.resolution.dueAt, m(660));
});

test('a customer reply resumes paused clocks at the moment of the reply', (t) => {
  const { state } = run([opened(), reply(10), status(10, 'pending'), customer(500)]);
  t.like(state.sla.clocks.resolution, { phase: 'running', runningSince: m(500), elapsedMs: 10 * MIN, dueAt: m(1090) });
  t.like(state.sla.clocks.next_response, { phase: 'running', startedAt: m(500), dueAt: m(620) });
});

test('closing finishes every open cycle', (t) => {
  const { state } = run([opened(), reply(10), customer(20), status(30, 'closed')]);
  for (const metric of ['first_response', 'next_response', 'periodic_update', 'resolution'] as const) {
    t.not(state.sla.clocks[metric].phase, 'running', metric);
    t.not(state.sla.clocks[metric].phase, 'paused', metric);
  }
  t.deepEqual(state.timers, {});
});

test('a priority change re-selects the SLA and re-plans from the elapsed time', (t) => {
  const policy: Policy = {
    ...FLAT,
    sla: {
      ...FLAT.sla,
      policies: [{ id: 'urgent', when: { priorities: ['urgent'] }, hours: 'business', targets: { first_response: 30, resolution: 90 }, escalations: [] }, ...FLAT.sla.policies],
    },
  };
  const { state, commands } = run([opened(), priority(10, 'urgent')], policy);
  t.is(state.sla.policyId, 'urgent');
  t.like(state.sla.clocks.first_response, { elapsedMs: 10 * MIN, targetMs: 30 * MIN, dueAt: m(30), warnAt: m(15) });
  t.like(state.sla.clocks.resolution, { dueAt: m(90), warnAt: m(45) });
  t.deepEqual(commands[1], [
    { type: 'start_timer', name: 'sla.first_response.warning', fireAt: m(15) },
    { type: 'start_timer', name: 'sla.first_response.breach', fireAt: m(30) },
    { type: 'start_timer', name: 'sla.resolution.warning', fireAt: m(45) },
    { type: 'start_timer', name: 'sla.resolution.breach', fireAt: m(90) },
  ]);
});

test('a target shrinking below the elapsed time breaches at that moment, running or paused', (t) => {
  // Version 2 makes the 10-minute vip SLA apply to everyone.
  const policyV2: Policy = { ...FLAT, version: 2, sla: { ...FLAT.sla, policies: [{ ...FLAT.sla.policies[0]!, when: {} }] } };

  const running = replay([opened(0)], FLAT).state;
  const shrunk = decide(running, { type: 'policy_updated', id: 'v2', at: m(20), version: 2 }, policyV2);
  t.like(shrunk.state.sla.clocks.first_response, { phase: 'running', breachedAt: m(20), warnedAt: m(20) });
  t.deepEqual(
    shrunk.commands.filter((c) => c.name.startsWith('sla.first_response')),
    [
      { type: 'cancel_timer', name: 'sla.first_response.warning' },
      { type: 'cancel_timer', name: 'sla.first_response.breach' },
    ],
  );

  const paused = replay([opened(0), status(20, 'on_hold')], FLAT).state;
  const shrunkPaused = decide(paused, { type: 'policy_updated', id: 'v2', at: m(30), version: 2 }, policyV2);
  t.like(shrunkPaused.state.sla.clocks.first_response, { phase: 'paused', breachedAt: m(30), warnedAt: m(30) });
});

test('no matching SLA policy means no SLA timers, but time is still measured', (t) => {
  const policy: Policy = { ...FLAT, sla: { ...FLAT.sla, policies: [FLAT.sla.policies[0]!] } };
  const { state, commands } = run([opened(), status(30, 'pending')], policy);
  t.is(state.sla.policyId, null);
  t.deepEqual(commands[0], []);
  t.like(state.sla.clocks.resolution, { targetMs: null, elapsedMs: 30 * MIN });
  t.is(state.summary.nextDeadline, null);
  t.false(state.summary.slaPaused);
});

test("'calendar' hours measure around the clock in the policy's zone", (t) => {
  const office: Policy = {
    ...SCENARIO_POLICY,
    sla: {
      ...SCENARIO_POLICY.sla,
      policies: SCENARIO_POLICY.sla.policies.map((p) => (p.id === 'standard' ? { ...p, hours: 'calendar' as const } : p)),
    },
  };
  const saturday = Date.parse('2025-03-01T12:00:00Z');
  const { state } = replay([{ type: 'ticket_opened', id: 'o', at: saturday, ticket: ticket() }], office);
  t.is(state.sla.clocks.first_response.dueAt, saturday + 60 * MIN);
  t.is(state.sla.calendar.timeZone, 'Europe/Berlin');
});

test('a policy update with the same rules changes no deadline', (t) => {
  const { state } = run([opened(), reply(5), customer(10)]);
  const same = decide(state, { type: 'policy_updated', id: 'v2', at: m(20), version: 2 }, { ...FLAT, version: 2 });
  t.deepEqual(same.commands, []);
  t.is(same.state.policyVersion, 2);
  t.is(same.state.summary.policyVersion, 2);
});

test('a calendar change settles past time in the old calendar before switching', (t) => {
  // Under the Berlin office calendar, Saturday counts nothing; switching to 24/7 at Monday 09:00 must not count it.
  const saturday = Date.parse('2025-03-01T12:00:00Z');
  const monday9 = Date.parse('2025-03-03T08:00:00Z');
  const opened1 = replay([{ type: 'ticket_opened', id: 'o', at: saturday, ticket: ticket() }], SCENARIO_POLICY).state;
  const v2: Policy = { ...SCENARIO_POLICY, version: 2, calendar: calendar247('Europe/Berlin') };
  const { state } = decide(opened1, { type: 'policy_updated', id: 'v2', at: monday9, version: 2 }, v2);
  t.like(state.sla.clocks.first_response, { elapsedMs: 0, runningSince: monday9, dueAt: monday9 + 60 * MIN });
});

test('team and tag changes re-select the SLA through its conditions', (t) => {
  const policy: Policy = {
    ...FLAT,
    sla: {
      ...FLAT.sla,
      policies: [
        { id: 'billing', when: { teamIds: ['team-billing'] }, hours: 'business', targets: { first_response: 15 }, escalations: [] },
        { id: 'vip-tag', when: { tagsAny: ['vip'] }, hours: 'business', targets: { first_response: 5 }, escalations: [] },
        ...FLAT.sla.policies,
      ],
    },
  };
  const team = run([opened(), { type: 'team_changed', id: 'tc', at: m(1), to: 'team-billing' }], policy).state;
  t.is(team.sla.policyId, 'billing');
  const tags = run([opened(), { type: 'tags_changed', id: 'tg', at: m(1), tags: ['vip'] }], policy).state;
  t.is(tags.sla.policyId, 'vip-tag');
  t.is(tags.sla.clocks.first_response.dueAt, m(5));
});

type Match = { title: string; when: Parameters<typeof conditionsMatch>[0]; ticket: Partial<TicketSnapshot>; matches: boolean };
const matchCases: Match[] = [
  { title: 'empty conditions match everything', when: {}, ticket: {}, matches: true },
  { title: 'priority in list', when: { priorities: ['high', 'normal'] }, ticket: {}, matches: true },
  { title: 'priority not in list', when: { priorities: ['urgent'] }, ticket: {}, matches: false },
  { title: 'team', when: { teamIds: ['team-support'] }, ticket: {}, matches: true },
  { title: 'no team never matches a team condition', when: { teamIds: ['team-support'] }, ticket: { teamId: null }, matches: false },
  { title: 'organization', when: { organizationIds: ['org-acme'] }, ticket: {}, matches: true },
  { title: 'channel', when: { channels: ['chat'] }, ticket: { channel: 'email' }, matches: false },
  { title: 'any tag', when: { tagsAny: ['a', 'b'] }, ticket: { tags: ['b'] }, matches: true },
  { title: 'all tags, one missing', when: { tagsAll: ['a', 'b'] }, ticket: { tags: ['b'] }, matches: false },
  { title: 'all tags', when: { tagsAll: ['a', 'b'] }, ticket: { tags: ['b', 'a', 'c'] }, matches: true },
  { title: 'no forbidden tag', when: { tagsNone: ['spam'] }, ticket: { tags: ['spam'] }, matches: false },
  { title: 'conditions combine with AND', when: { priorities: ['normal'], channels: ['chat'] }, ticket: { channel: 'email' }, matches: false },
];
for (const c of matchCases) {
  test(`SLA conditions: ${c.title}`, (t) => {
    t.is(conditionsMatch(c.when, ticket(c.ticket)), c.matches);
  });
}

test('SLA selection: the first matching policy wins', (t) => {
  t.is(findSlaPolicy(FLAT, ticket({ organizationId: 'org-vip' }))?.id, 'vip');
  t.is(findSlaPolicy(FLAT, ticket())?.id, 'standard');
});
