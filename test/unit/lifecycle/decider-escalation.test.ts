import test from 'ava';
import { calendar247 } from '../../../core/lifecycle/business-time';
import { type LifecycleCommand, idempotencyKey } from '../../../core/lifecycle/commands';
import { decide, replay } from '../../../core/lifecycle/decider';
import { nextPriority } from '../../../core/lifecycle/escalation';
import type { LifecycleEvent, TicketSnapshot } from '../../../core/lifecycle/events';
import type { EscalationAction, Policy } from '../../../core/lifecycle/policy.schema';
import { SCENARIO_POLICY, ticket } from '../../../core/lifecycle/scenario-kit';

const MIN = 60_000;
const T0 = Date.parse('2025-03-03T08:00:00Z');
const m = (minutes: number) => T0 + minutes * MIN;

const ALL_ACTIONS: EscalationAction[] = [
  { type: 'notify_assignee', template: 'sla_breach_assignee' },
  { type: 'notify_team_lead' },
  { type: 'notify_channel', destination: 'slack:#sla', template: 'sla_breach_channel' },
  { type: 'raise_priority' },
  { type: 'reassign_team', teamId: 'team-escalations' },
  { type: 'add_tag', tag: 'escalated' },
  { type: 'fire_webhook', webhookId: 'wh-1' },
];

const policyWith = (escalations: Policy['sla']['policies'][number]['escalations']): Policy => ({
  ...SCENARIO_POLICY,
  calendar: calendar247('UTC'),
  sla: {
    warningPercent: 50,
    policies: [{ id: 'std', when: {}, hours: 'business', targets: { first_response: 60, resolution: 600 }, escalations }],
  },
  customerNotifications: {},
  agentAlerts: { onCustomerReply: false, onAssignment: false, onReopen: false, lowCsatAtOrBelow: null },
});

const opened = (t: Partial<TicketSnapshot> = {}): LifecycleEvent => ({ type: 'ticket_opened', id: 'o', at: m(0), ticket: ticket(t) });
const fire = (id: string, minute: number, name: string): LifecycleEvent => ({ type: 'timer_fired', id, at: m(minute), name });
const activities = (commands: LifecycleCommand[] | undefined) => (commands ?? []).filter((c) => c.type === 'run_activity');

test('every action type becomes one run_activity, in the order the admin wrote them', (t) => {
  const policy = policyWith([{ on: 'breach', metrics: ['first_response'], actions: ALL_ACTIONS }]);
  const { commands } = replay([opened(), fire('b', 60, 'sla.first_response.breach')], policy);
  const escalation = { slaPolicyId: 'std', metric: 'first_response', kind: 'breach', cycle: 1, crossedAt: m(60) } as const;
  const key = (i: number) => idempotencyKey('T-100', 'b', `escalation.first_response.breach.c1.s0.a${i}`);
  t.deepEqual(activities(commands[1]), [
    { type: 'run_activity', name: 'notify_assignee', idempotencyKey: key(0), input: { ticketId: 'T-100', assigneeId: 'agent-ada', teamId: 'team-support', template: 'sla_breach_assignee', escalation } },
    { type: 'run_activity', name: 'notify_team_lead', idempotencyKey: key(1), input: { ticketId: 'T-100', teamId: 'team-support', template: null, escalation } },
    { type: 'run_activity', name: 'notify_channel', idempotencyKey: key(2), input: { ticketId: 'T-100', destination: 'slack:#sla', template: 'sla_breach_channel', escalation } },
    { type: 'run_activity', name: 'raise_priority', idempotencyKey: key(3), input: { ticketId: 'T-100', from: 'normal', to: 'high', escalation } },
    { type: 'run_activity', name: 'reassign_team', idempotencyKey: key(4), input: { ticketId: 'T-100', from: 'team-support', to: 'team-escalations', escalation } },
    { type: 'run_activity', name: 'add_tag', idempotencyKey: key(5), input: { ticketId: 'T-100', tag: 'escalated', escalation } },
    { type: 'run_activity', name: 'fire_webhook', idempotencyKey: key(6), input: { ticketId: 'T-100', webhookId: 'wh-1', escalation } },
  ]);
});

test('escalations do not change the snapshot: requested field changes come back as events', (t) => {
  const policy = policyWith([{ on: 'breach', actions: ALL_ACTIONS }]);
  const { state } = replay([opened(), fire('b', 60, 'sla.first_response.breach')], policy);
  t.like(state.ticket, { priority: 'normal', teamId: 'team-support', tags: [] });
});

test('steps run on their own kind and metrics only', (t) => {
  const policy = policyWith([
    { on: 'warning', metrics: ['resolution'], actions: [{ type: 'add_tag', tag: 'res-warn' }] },
    { on: 'warning', actions: [{ type: 'add_tag', tag: 'any-warn' }] },
    { on: 'breach', metrics: ['resolution'], actions: [{ type: 'add_tag', tag: 'res-breach' }] },
  ]);
  const { commands } = replay([opened(), fire('w', 30, 'sla.first_response.warning'), fire('b', 60, 'sla.first_response.breach')], policy);
  const tags = (cs: LifecycleCommand[] | undefined) => activities(cs).map((c) => (c.name === 'add_tag' ? c.input.tag : c.name));
  t.deepEqual(tags(commands[1]), ['any-warn']);
  t.deepEqual(tags(commands[2]), []);
  const late = replay([opened(), fire('w', 300, 'sla.resolution.warning')], policy).commands;
  // Minute 300 is past the first-response breach too, and the resolution warning.
  t.deepEqual(tags(late[1]), ['res-warn', 'any-warn']);
});

type Skip = { title: string; action: EscalationAction; ticket: Partial<TicketSnapshot>; runs: boolean };
const skipCases: Skip[] = [
  { title: 'raise_priority at the top priority', action: { type: 'raise_priority' }, ticket: { priority: 'urgent' }, runs: false },
  { title: 'raise_priority from an unknown priority', action: { type: 'raise_priority' }, ticket: { priority: 'p3' }, runs: false },
  { title: 'raise_priority to an explicit level', action: { type: 'raise_priority', to: 'urgent' }, ticket: { priority: 'low' }, runs: true },
  { title: 'raise_priority to a lower level', action: { type: 'raise_priority', to: 'low' }, ticket: { priority: 'high' }, runs: false },
  { title: 'reassign_team to the current team', action: { type: 'reassign_team', teamId: 'team-support' }, ticket: {}, runs: false },
  { title: 'add_tag already present', action: { type: 'add_tag', tag: 'x' }, ticket: { tags: ['x'] }, runs: false },
  { title: 'notify_assignee without assignee (the activity falls back to the team)', action: { type: 'notify_assignee' }, ticket: { assigneeId: null }, runs: true },
];
for (const c of skipCases) {
  test(`escalation: ${c.title} ${c.runs ? 'runs' : 'is skipped'}`, (t) => {
    const { commands } = replay([opened(c.ticket), fire('b', 60, 'sla.first_response.breach')], policyWith([{ on: 'breach', actions: [c.action] }]));
    t.is(activities(commands[1]).length, c.runs ? 1 : 0);
  });
}

test('nextPriority walks the ordered list', (t) => {
  t.is(nextPriority(['low', 'normal', 'high'], 'low'), 'normal');
  t.is(nextPriority(['low', 'normal', 'high'], 'high'), null);
  t.is(nextPriority(['low', 'normal', 'high'], 'x'), null);
});

test('escalation steps come from the policy in force; a removed SLA policy escalates nothing', (t) => {
  const v1 = policyWith([{ on: 'breach', actions: [{ type: 'notify_team_lead' }] }]);
  const { state } = replay([opened()], v1);
  const v2: Policy = { ...v1, version: 2, sla: { ...v1.sla, policies: [] } };
  const decision = decide(state, fire('b', 60, 'sla.first_response.breach'), v2);
  t.deepEqual(activities(decision.commands), [], 'the breach happened under v1 but there is nothing left to run');
  t.is(decision.state.sla.clocks.first_response.breachedAt, m(60));
  t.is(decision.state.sla.policyId, null);
});
