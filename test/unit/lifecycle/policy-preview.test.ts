import test from 'ava';
import { explainSlaMatch, simulateLifecycle } from '../../../core/lifecycle/policy-preview';
import { SCENARIO_POLICY, ms, ticket } from '../../../core/lifecycle/scenario-kit';

// SCENARIO_POLICY: Berlin office hours 09:00–17:00, warnings at 50 %; "standard" gives 60 business minutes to first
// response and escalates its breach to the team lead, raises the priority and tags the ticket.
const MONDAY_9_BERLIN = ms('2025-03-03T08:00:00Z');
const DAY = 86_400_000;

test('simulation: timers fire at their instant and escalation effects feed back into the ticket', (t) => {
  const { timeline, finalState, truncated } = simulateLifecycle({
    policy: SCENARIO_POLICY, ticket: ticket(), openedAt: MONDAY_9_BERLIN, script: [], until: MONDAY_9_BERLIN + 2 * DAY,
  });
  t.false(truncated);
  const at = (kind: string) => timeline.filter((e) => e.kind === kind).map((e) => [new Date(e.at).toISOString(), e.params.metric ?? e.params.action]);
  t.deepEqual(at('sla_warning'), [['2025-03-03T08:30:00.000Z', 'first_response'], ['2025-03-03T12:00:00.000Z', 'resolution']]);
  t.deepEqual(at('sla_breach'), [['2025-03-03T09:00:00.000Z', 'first_response'], ['2025-03-03T16:00:00.000Z', 'resolution']]);
  t.deepEqual(
    timeline.filter((e) => e.kind === 'escalation' && e.params.on === 'breach').map((e) => e.params.action),
    ['notify_team_lead', 'raise_priority', 'add_tag'],
  );
  t.is(finalState.ticket?.priority, 'high', 'raise_priority reached the decider as a priority change');
  t.deepEqual(finalState.ticket?.tags, ['sla-breached']);
});

test('simulation: scripted events are applied in time order and nothing at or after the horizon is simulated', (t) => {
  const { timeline } = simulateLifecycle({
    policy: SCENARIO_POLICY,
    ticket: ticket(),
    openedAt: MONDAY_9_BERLIN,
    script: [
      { at: MONDAY_9_BERLIN + 20 * 60_000, action: { kind: 'status', statusCategory: 'solved' } },
      { at: MONDAY_9_BERLIN + 10 * 60_000, action: { kind: 'agent_reply' } },
    ],
    until: MONDAY_9_BERLIN + 5 * 3_600_000, // the survey is due 4 h after solve (12:20Z); auto-close after 2 days is beyond
  });
  t.deepEqual(timeline.filter((e) => ['agent_reply', 'status_set', 'survey_sent', 'status_change'].includes(e.kind)).map((e) => e.kind), [
    'agent_reply', 'status_set', 'survey_sent',
  ]);
  t.is(timeline.filter((e) => e.kind === 'sla_breach').length, 0);
  t.deepEqual(timeline.filter((e) => e.kind === 'customer_notification').map((e) => e.params.statusCategory), ['solved']);
});

test('explainSlaMatch: lists each policy up to the first match with the conditions checked', (t) => {
  const urgent = explainSlaMatch(SCENARIO_POLICY, ticket({ priority: 'urgent' }));
  t.is(urgent.matched?.id, 'urgent');
  t.deepEqual(urgent.candidates, [{ id: 'urgent', name: null, matched: true, checks: [{ condition: 'priorities', values: ['urgent'], met: true }] }]);
  const normal = explainSlaMatch(SCENARIO_POLICY, ticket());
  t.is(normal.matched?.id, 'standard');
  t.deepEqual(normal.candidates.map((c) => [c.id, c.matched, c.checks.map((k) => k.met)]), [['urgent', false, [false]], ['standard', true, []]]);
  const none = explainSlaMatch({ ...SCENARIO_POLICY, sla: { ...SCENARIO_POLICY.sla, policies: [] } }, ticket());
  t.is(none.matched, null);
});
