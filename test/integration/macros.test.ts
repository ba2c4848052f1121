/**
 * Macros: personal/shared management, validation when saved, and apply (one transaction through the ticket
 * update service, If-Match, reply rendered for the composer but never posted).
 */
import anyTest, { type TestFn } from 'ava';
import { count } from '../helpers/db';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';

type Ctx = { app: TestApp; admin: TestWorker; agent: TestWorker; otherAgent: TestWorker; customer: TestCustomer; teamA: number; solvedId: number; highId: number };
const test = anyTest.serial as TestFn<Ctx>;

test.before(async (t) => {
  const app = await startTestApp();
  const teamA = await createTeam(app.db, 'Macros A');
  const [customer] = await Promise.all([createCustomer(app.db)]);
  await app.db('customers').where({ id: customer!.id }).update({ name: 'Dana <b>Scully</b>' });
  const solved = await app.db('statuses').where({ category: 'solved' }).first('id');
  const high = await app.db('priorities').where({ name: 'High' }).first('id');
  t.context = {
    app, teamA, customer: customer!, solvedId: solved.id, highId: high.id,
    admin: await createWorker(app.db, { role: 'admin' }),
    agent: await createWorker(app.db, { role: 'agent', teamIds: [teamA], name: 'Alex Agent' }),
    otherAgent: await createWorker(app.db, { role: 'agent', teamIds: [teamA] }),
  };
});
test.after.always(async (t) => t.context.app?.close());

async function newTicket(t: { context: Ctx }, tags: string[] = []) {
  const { app, admin, customer, teamA } = t.context;
  const res = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'Macro target', requesterId: customer.id, teamId: teamA, tags, message: { bodyText: 'help' } } });
  return { id: res.body.id as number, etag: res.headers.get('etag')!, number: res.body.number as number };
}

test('shared macros need settings:write; personal ones are the owner\'s; inactive ones are listed on request', async (t) => {
  const { app, admin, agent, otherAgent, customer } = t.context;
  const body = { name: 'Close as done', scope: 'shared', actions: { statusId: t.context.solvedId } };
  const denied = await app.request('POST', '/api/v1/macros', { token: agent.token, body });
  t.is(denied.status, 403);
  const shared = await app.request('POST', '/api/v1/macros', { token: admin.token, body });
  t.is(shared.status, 201, JSON.stringify(shared.body));
  t.deepEqual([shared.body.scope, shared.body.ownerId, shared.body.active, shared.body.replyKind, shared.body.replyHtml], ['shared', null, true, 'public_reply', null]);
  const personal = await app.request('POST', '/api/v1/macros', { token: agent.token, body: { name: 'Mine', scope: 'personal', actions: { addTags: ['Mine'] }, active: false } });
  t.is(personal.status, 201);
  t.deepEqual(personal.body.actions, { addTags: ['mine'] }, 'tags are normalized when saved');
  const listed = await app.request('GET', '/api/v1/macros', { token: agent.token });
  t.deepEqual(listed.body.data.map((m: { id: number }) => m.id), [shared.body.id], 'inactive hidden by default');
  const all = await app.request('GET', '/api/v1/macros?all=true', { token: agent.token });
  t.deepEqual(all.body.data.map((m: { id: number }) => m.id).sort(), [shared.body.id, personal.body.id].sort());
  const other = await app.request('GET', '/api/v1/macros?all=true', { token: otherAgent.token });
  t.deepEqual(other.body.data.map((m: { id: number }) => m.id), [shared.body.id]);
  t.is((await app.request('PATCH', `/api/v1/macros/${personal.body.id}`, { token: otherAgent.token, body: { name: 'x' } })).status, 404);
  t.is((await app.request('PATCH', `/api/v1/macros/${shared.body.id}`, { token: agent.token, body: { name: 'x' } })).status, 403);
  t.is((await app.request('DELETE', `/api/v1/macros/${shared.body.id}`, { token: agent.token })).status, 403);
  t.is((await app.request('GET', '/api/v1/macros', { token: customer.token })).status, 403);
  const renamed = await app.request('PATCH', `/api/v1/macros/${personal.body.id}`, { token: agent.token, body: { active: true, name: 'Mine too' } });
  t.is(renamed.status, 200);
  t.is(renamed.body.name, 'Mine too');
  t.is((await app.request('DELETE', `/api/v1/macros/${personal.body.id}`, { token: agent.token })).status, 204);
  t.is(await count(app.db('audit_log').where({ entity_type: 'macro', entity_id: String(personal.body.id) })), 3);
});

test('a macro is validated when saved: missing ids, bad tags, unknown placeholders, empty macros', async (t) => {
  const { app, agent } = t.context;
  const before = await count(app.db('macros'));
  const bad = await app.request('POST', '/api/v1/macros', { token: agent.token, body: { name: 'Bad', scope: 'personal', actions: { statusId: 999_999, teamId: 888_888, assigneeId: 777_777 } } });
  t.is(bad.status, 422, JSON.stringify(bad.body));
  t.deepEqual(bad.body.errors.map((e: { path: string }) => e.path).sort(), ['actions.assigneeId', 'actions.statusId', 'actions.teamId']);
  const placeholder = await app.request('POST', '/api/v1/macros', { token: agent.token, body: { name: 'Bad', scope: 'personal', actions: {}, replyHtml: '<p>Hi {{customer.shoe_size}}</p>' } });
  t.is(placeholder.status, 422);
  t.is(placeholder.body.errors[0].path, 'replyHtml');
  t.is((await app.request('POST', '/api/v1/macros', { token: agent.token, body: { name: 'Empty', scope: 'personal', actions: {} } })).status, 422);
  t.is((await app.request('POST', '/api/v1/macros', { token: agent.token, body: { name: 'Extra', scope: 'personal', actions: { explode: true } } })).status, 422);
  t.is(await count(app.db('macros')), before);
});

test('apply changes the ticket through the update service and returns the rendered reply without posting it', async (t) => {
  const { app, admin, agent, solvedId, highId } = t.context;
  const macro = await app.request('POST', '/api/v1/macros', {
    token: admin.token,
    body: {
      name: 'Solve politely', scope: 'shared',
      actions: { statusId: solvedId, priorityId: highId, assigneeId: 'me', addTags: ['done'], removeTags: ['waiting'] },
      replyHtml: '<p>Hi {{customer.first_name}}, ticket #{{ticket.number}} is solved. {{agent.name}}</p><script>x()</script>',
    },
  });
  t.is(macro.status, 201, JSON.stringify(macro.body));
  t.false(macro.body.replyHtml.includes('script'), 'stored sanitized');
  const ticket = await newTicket(t, ['waiting', 'vip']);
  const entriesBefore = await count(app.db('conversation_entries').where({ ticket_id: ticket.id }));
  const res = await app.request('POST', `/api/v1/tickets/${ticket.id}/macros/${macro.body.id}/apply`, { token: agent.token, headers: { 'If-Match': ticket.etag } });
  t.is(res.status, 200, JSON.stringify(res.body));
  t.is(res.body.ticket.status.id, solvedId);
  t.is(res.body.ticket.priority.id, highId);
  t.is(res.body.ticket.assigneeId, agent.id);
  t.deepEqual(res.body.ticket.tags.sort(), ['done', 'vip']);
  t.true('sla' in res.body.ticket);
  t.is(res.headers.get('etag'), `"v${res.body.ticket.version}"`);
  t.deepEqual(res.body.reply, { kind: 'public_reply', bodyHtml: `<p>Hi Dana, ticket #${ticket.number} is solved. Alex Agent</p>` });
  t.is(await count(app.db('conversation_entries').where({ ticket_id: ticket.id })), entriesBefore, 'the reply is not posted');
  // Same history, audit and events as PATCH /tickets/:id.
  t.is(await count(app.db('ticket_status_history').where({ ticket_id: ticket.id })), 2);
  t.is(await count(app.db('audit_log').where({ entity_type: 'ticket', entity_id: String(ticket.id), action: 'ticket.update' })), 1);
  t.is(await count(app.db('audit_log').where({ entity_type: 'ticket', entity_id: String(ticket.id), action: 'macro.apply' })), 1);
  t.is(await count(app.db('outbox').where({ entity_id: String(ticket.id), event_type: 'status.changed' })), 1);
});

test('apply with a stale If-Match is a 409 and changes nothing; without If-Match 428', async (t) => {
  const { app, admin, agent, solvedId } = t.context;
  const macro = await app.request('POST', '/api/v1/macros', { token: admin.token, body: { name: 'Solve', scope: 'shared', actions: { statusId: solvedId, addTags: ['x'] } } });
  const ticket = await newTicket(t);
  const edit = await app.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: agent.token, headers: { 'If-Match': ticket.etag }, body: { subject: 'Edited meanwhile' } });
  t.is(edit.status, 200);
  const before = await app.db('tickets').where({ id: ticket.id }).first();
  const auditBefore = await count(app.db('audit_log'));
  const stale = await app.request('POST', `/api/v1/tickets/${ticket.id}/macros/${macro.body.id}/apply`, { token: agent.token, headers: { 'If-Match': ticket.etag } });
  t.is(stale.status, 409);
  t.is(stale.headers.get('content-type'), 'application/problem+json');
  t.deepEqual(await app.db('tickets').where({ id: ticket.id }).first(), before);
  t.is(await count(app.db('audit_log')), auditBefore);
  t.is((await app.request('POST', `/api/v1/tickets/${ticket.id}/macros/${macro.body.id}/apply`, { token: agent.token })).status, 428);
  const fresh = await app.request('POST', `/api/v1/tickets/${ticket.id}/macros/${macro.body.id}/apply`, { token: agent.token, headers: { 'If-Match': edit.headers.get('etag')! } });
  t.is(fresh.status, 200);
  t.is(fresh.body.reply, null);
});

test('apply refuses inactive, hidden and unknown macros, and tickets the agent cannot see', async (t) => {
  const { app, admin, agent, otherAgent } = t.context;
  const inactive = await app.request('POST', '/api/v1/macros', { token: admin.token, body: { name: 'Off', scope: 'shared', active: false, actions: { addTags: ['off'] } } });
  const personal = await app.request('POST', '/api/v1/macros', { token: otherAgent.token, body: { name: 'Theirs', scope: 'personal', actions: { addTags: ['theirs'] } } });
  const ticket = await newTicket(t);
  const apply = (macroId: number, ticketId = ticket.id) => app.request('POST', `/api/v1/tickets/${ticketId}/macros/${macroId}/apply`, { token: agent.token, headers: { 'If-Match': ticket.etag } });
  t.is((await apply(inactive.body.id)).status, 409);
  t.is((await apply(personal.body.id)).status, 404);
  t.is((await apply(999_999)).status, 404);
  const hiddenTeam = await createTeam(app.db, 'Hidden');
  const hidden = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'Hidden', requesterId: t.context.customer.id, teamId: hiddenTeam } });
  const shared = await app.request('POST', '/api/v1/macros', { token: admin.token, body: { name: 'Tag', scope: 'shared', actions: { addTags: ['t'] } } });
  t.is((await app.request('POST', `/api/v1/tickets/${hidden.body.id}/macros/${shared.body.id}/apply`, { token: agent.token, headers: { 'If-Match': hidden.headers.get('etag')! } })).status, 404);
  t.deepEqual((await app.db('tickets').where({ id: ticket.id }).first()).tags, []);
});
