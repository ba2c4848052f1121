/**
 * The pure parts of the Temporal shell: workflow ids, the inbox's duplicate dropping, deadlines, search attributes
 * (ids and categories only), the visibility query a list sends, and the two new configuration variables.
 */
import test from 'ava';
import { loadConfig } from '../../../config/config';
import { LanternError } from '../../../core/errors';
import { replay } from '../../../core/lifecycle/decider';
import { type TimerFired, timerFiredEventId } from '../../../core/lifecycle/events';
import { SCENARIO_POLICY, ev, ms } from '../../../core/lifecycle/scenario-kit';
import { initialLifecycleState } from '../../../core/lifecycle/state';
import { ticketIdFromWorkflowId, ticketWorkflowId } from '../../../core/lifecycle/workflow-contract';
import {
  LIFECYCLE_SEARCH_ATTRIBUTES,
  lifecycleVisibility,
  openingSearchAttributes,
  searchAttributePairs,
  searchAttributeUpdates,
} from '../../../core/lifecycle/workflow-visibility';
import { lifecycleListQuery } from '../../../services/lifecycle/temporal-list-query';
import { LifecycleDeadlines } from '../../../workflows/lifecycle-deadlines';
import { LifecycleInbox } from '../../../workflows/lifecycle-inbox';

test('workflow ids are ticket-<id> and map back to the ticket', (t) => {
  t.is(ticketWorkflowId(42), 'ticket-42');
  t.is(ticketIdFromWorkflowId('ticket-42'), 42);
  for (const other of ['ticket-', 'ticket-abc', 'ticket-0', 'ticket--1', 'order-42', 'ticket-1e3']) t.is(ticketIdFromWorkflowId(other), null, other);
});

test('the inbox queues each event id once, including ids the decider already saw, and drops malformed signals', (t) => {
  const decided = new Set(['old']);
  const inbox = new LifecycleInbox((id) => decided.has(id));
  t.true(inbox.offer({ event: ev.customer('e1', '2025-03-03T08:00:00Z') }));
  t.false(inbox.offer({ event: ev.customer('e1', '2025-03-03T08:00:00Z') }), 'queued already');
  t.false(inbox.offer({ event: ev.note('old', '2025-03-03T08:00:00Z') }), 'decided already');
  t.false(inbox.offer({ event: { type: 'customer_message', at: 1 } }), 'no id');
  t.false(inbox.offer({ event: { type: 'teleported', id: 'x', at: 1 } }), 'unknown type');
  t.false(inbox.offer({ event: { type: 'internal_note', id: 'y', at: 'now' } }), 'time is not a number');
  t.false(inbox.offer(null));
  t.true(inbox.offer({ event: ev.note('e2', '2025-03-03T08:01:00Z') }));
  t.is(inbox.size, 2);
  t.is(inbox.take()?.event.id, 'e1');
  t.true(inbox.offer({ event: ev.customer('e1', '2025-03-03T08:00:00Z') }), 'taken, not yet decided: the decider drops it');
  t.deepEqual(inbox.takeAll().map((m) => m.event.id), ['e2', 'e1']);
  t.is(inbox.size, 0);
});

test('deadlines: start replaces, cancel removes, due fires come earliest first and once', (t) => {
  const deadlines = new LifecycleDeadlines({ 'pending.reminder': { fireAt: 500 } });
  deadlines.apply({ type: 'start_timer', name: 'sla.first_response.breach', fireAt: 300 });
  deadlines.apply({ type: 'start_timer', name: 'sla.first_response.warning', fireAt: 300 });
  deadlines.apply({ type: 'start_timer', name: 'solved.auto_close', fireAt: 900 });
  deadlines.apply({ type: 'start_timer', name: 'solved.auto_close', fireAt: 800 });
  deadlines.apply({ type: 'cancel_timer', name: 'pending.reminder' });
  t.is(deadlines.nextAfter(0), 300);
  t.deepEqual(deadlines.due(299, () => false), []);
  const due = deadlines.due(400, () => false);
  t.deepEqual(
    due.map((f: TimerFired) => [f.name, f.id, f.at]),
    [
      ['sla.first_response.breach', timerFiredEventId('sla.first_response.breach', 300), 400],
      ['sla.first_response.warning', timerFiredEventId('sla.first_response.warning', 300), 400],
    ],
  );
  const decided = new Set(due.map((f) => f.id));
  t.deepEqual(deadlines.due(400, (id) => decided.has(id)), [], 'a fire the decider saw is not fed again');
  t.is(deadlines.nextAfter(400), 800);
});

test('search attributes carry status, priority, team, next SLA deadline and breach, nothing personal', (t) => {
  t.is(lifecycleVisibility(initialLifecycleState()), null, 'nothing to list before ticket_opened');
  const { state } = replay([ev.opened('o1', '2025-03-03T08:00:00Z'), ev.priority('o2', '2025-03-03T08:10:00Z', 'high')], SCENARIO_POLICY);
  const visibility = lifecycleVisibility(state)!;
  t.deepEqual(visibility, { status: 'new', priority: 'high', team: 'team-support', slaDue: ms('2025-03-03T09:00:00Z'), slaBreached: false });
  const updates = searchAttributeUpdates({ ...visibility, team: null });
  t.deepEqual(
    updates.map((u) => u.key.name),
    ['LanternStatus', 'LanternPriority', 'LanternTeam', 'LanternSlaDue', 'LanternSlaBreached'],
  );
  t.is(updates.find((u) => u.key.name === 'LanternTeam')?.value, null, 'a removed team is unset, not left stale');
  t.deepEqual(updates.find((u) => u.key.name === 'LanternSlaDue')?.value, new Date('2025-03-03T09:00:00Z'));
  t.deepEqual(
    searchAttributePairs({ ...visibility, slaDue: null }).map((p) => p.key.name).sort(),
    ['LanternPriority', 'LanternSlaBreached', 'LanternStatus', 'LanternTeam'],
  );
  const opening = openingSearchAttributes({ ...state.ticket!, teamId: null });
  t.deepEqual(
    opening.map((p) => [p.key.name, p.value]),
    [['LanternSlaBreached', false], ['LanternStatus', 'new'], ['LanternPriority', 'high']],
    'set at start: no SLA yet, no team attribute when the ticket has none',
  );
  t.deepEqual(Object.values(LIFECYCLE_SEARCH_ATTRIBUTES).map((k) => k.type), ['KEYWORD', 'KEYWORD', 'KEYWORD', 'DATETIME', 'BOOL']);
});

test('the list query filters on the search attributes and never splices caller text', (t) => {
  const base = `WorkflowType = 'ticketLifecycle' AND ExecutionStatus != 'ContinuedAsNew'`;
  t.is(lifecycleListQuery({}), base);
  t.is(
    lifecycleListQuery({ statusCategory: 'open', breached: true, dueBefore: Date.parse('2025-03-03T09:00:00Z') }),
    `${base} AND LanternStatus = 'open' AND LanternSlaBreached = true AND LanternSlaDue < '2025-03-03T09:00:00.000Z'`,
  );
  t.is(lifecycleListQuery({ breached: false }), `${base} AND LanternSlaBreached = false`);
  const injected = t.throws(() => lifecycleListQuery({ statusCategory: "open' OR WorkflowType != '" }));
  t.true(injected instanceof LanternError && injected.code === 'validation');
  const badInstant = t.throws(() => lifecycleListQuery({ dueBefore: 1e20 }));
  t.true(badInstant instanceof LanternError && badInstant.code === 'validation');
});

test('config: namespace and task queue have defaults and can be set', (t) => {
  const defaults = loadConfig({});
  t.is(defaults.temporalNamespace, 'default');
  t.is(defaults.temporalTaskQueue, 'lantern-lifecycle');
  t.is(defaults.temporalAddress, undefined);
  const set = loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233', LANTERN_TEMPORAL_NAMESPACE: 'lantern', LANTERN_TEMPORAL_TASK_QUEUE: 'lifecycle-eu' });
  t.deepEqual([set.temporalAddress, set.temporalNamespace, set.temporalTaskQueue], ['temporal:7233', 'lantern', 'lifecycle-eu']);
});
