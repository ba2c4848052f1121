import test from 'ava';
import { DEFAULT_POLICY } from '../../../core/lifecycle/default-policy';
import { compilePolicy, policyFieldErrors, requestPath, type PolicySources } from '../../../core/lifecycle/policy-compile';
import { lifecycleEventsFor, type OutboxRecord } from '../../../core/lifecycle/ticket-events';

const AT = Date.UTC(2026, 10, 25, 10, 0);

/** A ticket as services/tickets/ticket.view.ts renders it into outbox payloads. */
const view = (over: Record<string, unknown> = {}) => ({
  id: 42,
  number: 1042,
  subject: 'Printer on fire',
  requesterId: 7,
  assigneeId: null,
  teamId: 3,
  status: { id: 1, name: 'New', category: 'new' },
  priority: { id: 2, name: 'Normal', rank: 20 },
  tags: ['printer'],
  channel: 'email',
  ...over,
});

const record = (eventType: string, payload: unknown, id = 100): OutboxRecord => ({ id, eventType, occurredAt: AT, payload });
const ctx = { organizationId: 9 };

test('ticket.created opens the lifecycle with a snapshot in lifecycle vocabulary', (t) => {
  const events = lifecycleEventsFor(record('ticket.created', { ticket: view({ assigneeId: 5 }) }), ctx);
  t.deepEqual(events, [{
    type: 'ticket_opened', id: 'outbox:100', at: AT,
    ticket: { id: '42', statusCategory: 'new', priority: 'normal', teamId: '3', organizationId: '9', channel: 'email', tags: ['printer'], assigneeId: '5' },
  }]);
});

test('messages map by entry kind; system entries and unknown events map to nothing', (t) => {
  const entry = (kind: string) => record('message.created', { entry: { id: 1, kind } });
  t.deepEqual(lifecycleEventsFor(entry('customer_message'), ctx), [{ type: 'customer_message', id: 'outbox:100', at: AT }]);
  t.deepEqual(lifecycleEventsFor(entry('public_reply'), ctx), [{ type: 'agent_public_reply', id: 'outbox:100', at: AT }]);
  t.deepEqual(lifecycleEventsFor(entry('system_event'), ctx), []);
  t.deepEqual(lifecycleEventsFor(record('note.created', { entry: { kind: 'internal_note' } }), ctx), [{ type: 'internal_note', id: 'outbox:100', at: AT }]);
  t.deepEqual(lifecycleEventsFor(record('customer.updated', {}), ctx), []);
  t.deepEqual(lifecycleEventsFor(record('assignee.changed', { from: 1, to: 2 }), ctx), [], 'assignee changes come from ticket.updated, once');
});

test('status.changed carries the new category', (t) => {
  const events = lifecycleEventsFor(record('status.changed', { ticket: view(), from: { category: 'new' }, to: { id: 5, name: 'Solved', category: 'solved' } }), ctx);
  t.deepEqual(events, [{ type: 'status_changed', id: 'outbox:100', at: AT, to: 'solved' }]);
  t.deepEqual(lifecycleEventsFor(record('status.changed', { to: { category: 'bogus' } }), ctx), [], 'an unknown category is not guessed');
});

test('ticket.updated yields one event per changed lifecycle field, each with its own id', (t) => {
  const previous = view();
  const ticket = view({ priority: { id: 4, name: 'Urgent', rank: 40 }, teamId: null, tags: ['printer', 'fire'], assigneeId: 8, subject: 'changed' });
  const events = lifecycleEventsFor(record('ticket.updated', { ticket, previous }, 7), ctx);
  t.deepEqual(events, [
    { type: 'priority_changed', id: 'outbox:7:priority', at: AT, to: 'urgent' },
    { type: 'team_changed', id: 'outbox:7:team', at: AT, to: null },
    { type: 'tags_changed', id: 'outbox:7:tags', at: AT, tags: ['printer', 'fire'] },
    { type: 'assignee_changed', id: 'outbox:7:assignee', at: AT, to: '8' },
  ]);
  const onlySubject = lifecycleEventsFor(record('ticket.updated', { ticket: view({ subject: 'x', tags: ['printer'] }), previous }), ctx);
  t.deepEqual(onlySubject, [], 'a subject edit or a status change (its own event) means nothing here');
  const reordered = lifecycleEventsFor(record('ticket.updated', { ticket: view({ tags: ['b', 'a'] }), previous: view({ tags: ['a', 'b'] }) }), ctx);
  t.deepEqual(reordered, [], 'the same tags in another order are not a change');
});

test('survey.answered carries rating and comment; a rating outside 1-5 is ignored', (t) => {
  t.deepEqual(lifecycleEventsFor(record('survey.answered', { survey: { rating: 4, comment: 'quick' } }), ctx), [
    { type: 'survey_answered', id: 'outbox:100', at: AT, rating: 4, comment: 'quick' },
  ]);
  t.deepEqual(lifecycleEventsFor(record('survey.answered', { survey: { rating: 9 } }), ctx), []);
});

test('malformed payloads map to nothing instead of throwing', (t) => {
  for (const payload of [null, 'x', [], { ticket: { id: 'nope' } }, { ticket: view({ status: { category: 'bogus' } }) }]) {
    t.deepEqual(lifecycleEventsFor(record('ticket.created', payload), ctx), [], JSON.stringify(payload));
    t.deepEqual(lifecycleEventsFor(record('ticket.updated', payload), ctx), [], JSON.stringify(payload));
  }
  t.deepEqual(lifecycleEventsFor(record('ticket.updated', { ticket: view(), previous: null }), ctx), []);
});

const defaultSources = (): PolicySources => ({
  version: 2,
  calendar: DEFAULT_POLICY.calendar,
  priorities: ['low', 'normal', 'high', 'urgent'],
  settings: {
    warningPercent: 75, pending: {}, solved: {}, survey: {}, customerNotifications: {}, agentAlerts: {},
  },
  slaPolicies: [
    { id: 11, name: 'Urgent', conditions: { priorities: ['urgent'] }, hours: 'calendar', targets: { first_response: 60 }, escalations: [] },
    { id: 12, name: 'Rest', conditions: {}, hours: 'business', targets: { resolution: 600 }, escalations: [] },
  ],
});

test('rows compile to a valid document with SLA ids from row ids, in position order', (t) => {
  const policy = compilePolicy(defaultSources());
  t.is(policy.version, 2);
  t.deepEqual(policy.sla.policies.map((p) => p.id), ['11', '12']);
  t.deepEqual(policy.sla.policies[0]!.when, { priorities: ['urgent'] });
  t.deepEqual(policy.survey, { enabled: true, delayHours: 24 }, 'empty sections get the schema defaults');
});

test('compile problems are reported against the fields of the edit that caused them', (t) => {
  const src = defaultSources();
  src.slaPolicies[1] = { ...src.slaPolicies[1]!, conditions: { priorities: ['critical'] }, targets: { resolution: -5 } };
  const err = t.throws(() => compilePolicy(src));
  const fields = policyFieldErrors(err, { kind: 'sla_policy', index: 1 });
  t.deepEqual(fields.map((f) => f.path).sort(), ['conditions.priorities', 'targets.resolution']);
  t.is(requestPath('sla.policies[0].targets.first_response', { kind: 'sla_policy', index: 1 }), 'policy.sla.policies.0.targets.first_response', 'problems elsewhere keep their document path');
  t.is(requestPath('sla.warningPercent', { kind: 'settings' }), 'warningPercent');
  t.is(requestPath('pending.maxReminders', { kind: 'settings' }), 'pending.maxReminders');
  t.is(requestPath('calendar.weeklyHours.1[0].end', { kind: 'calendar' }), 'weeklyHours.1.0.end');
  t.throws(() => policyFieldErrors(new Error('boom'), { kind: 'other' }), { message: 'boom' }, 'other errors are not swallowed');
});
