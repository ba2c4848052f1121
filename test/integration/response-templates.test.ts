import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';
import { count } from '../helpers/db';

type Ctx = { app: TestApp; admin: TestWorker; agent: TestWorker; customer: TestCustomer; teamId: number; otherTeamId: number };
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const app = await startTestApp();
  const teamId = await createTeam(app.db);
  const otherTeamId = await createTeam(app.db);
  t.context = {
    app, teamId, otherTeamId,
    admin: await createWorker(app.db, { role: 'admin' }),
    agent: await createWorker(app.db, { role: 'agent', teamIds: [teamId], name: 'Pat <Agent> Lee' }),
    customer: await createCustomer(app.db),
  };
});
test.after.always(async (t) => t.context.app?.close());

let seq = 0;
async function newTemplate(t: ExecutionContext<Ctx>, bodyHtml = '<p>Hi {{customer.first_name}}</p>'): Promise<number> {
  const res = await t.context.app.request('POST', '/api/v1/response-templates', { token: t.context.admin.token, body: { name: `Template ${++seq}`, bodyHtml } });
  t.is(res.status, 201, JSON.stringify(res.body));
  return res.body.id as number;
}

async function newTicket(t: ExecutionContext<Ctx>, teamId = t.context.teamId): Promise<number> {
  const res = await t.context.app.request('POST', '/api/v1/tickets', {
    token: t.context.admin.token, body: { subject: 'Refund & <b>cancel</b>', requesterId: t.context.customer.id, teamId, message: { bodyText: 'help' } },
  });
  t.is(res.status, 201, JSON.stringify(res.body));
  return res.body.id as number;
}

const reply = (t: ExecutionContext<Ctx>, token: string, ticketId: number, body: Record<string, unknown>) =>
  t.context.app.request('POST', `/api/v1/tickets/${ticketId}/entries`, { token, body: { bodyText: 'Here is how', ...body } });

test.serial('CRUD with audit rows; agents read, only admins change; customers get 403', async (t) => {
  const { app, admin, agent, customer } = t.context;
  const id = await newTemplate(t, '<p>Hello {{ customer.first_name }}, ticket #{{ticket.number}}</p><script>alert(1)</script>');
  const got = await app.request('GET', `/api/v1/response-templates/${id}`, { token: agent.token });
  t.is(got.status, 200);
  t.is(got.body.bodyHtml, '<p>Hello {{ customer.first_name }}, ticket #{{ticket.number}}</p>', 'stored sanitized');
  t.is(got.body.createdBy, admin.id);
  t.is(got.body.version, 1);

  const list = await app.request('GET', '/api/v1/response-templates?active=true', { token: agent.token });
  t.is(list.status, 200);
  t.true(list.body.data.some((r: { id: number }) => r.id === id));

  const patched = await app.request('PATCH', `/api/v1/response-templates/${id}`, { token: admin.token, body: { name: 'Greeting', version: 1 } });
  t.is(patched.status, 200, JSON.stringify(patched.body));
  t.is(patched.body.version, 2);
  const stale = await app.request('PATCH', `/api/v1/response-templates/${id}`, { token: admin.token, body: { active: false, version: 1 } });
  t.is(stale.status, 409);

  const unknown = await app.request('POST', '/api/v1/response-templates', { token: admin.token, body: { name: 'Typo', bodyHtml: '<p>Hi {{customer.frist_name}}</p>' } });
  t.is(unknown.status, 422);
  t.is(unknown.body.errors[0].path, 'bodyHtml');
  t.regex(unknown.body.errors[0].message, /customer\.frist_name/);
  const dup = await app.request('POST', '/api/v1/response-templates', { token: admin.token, body: { name: 'greeting', bodyHtml: '<p>x</p>' } });
  t.is(dup.status, 409);

  t.is((await app.request('POST', '/api/v1/response-templates', { token: agent.token, body: { name: 'Mine', bodyHtml: '<p>x</p>' } })).status, 403);
  t.is((await app.request('PATCH', `/api/v1/response-templates/${id}`, { token: agent.token, body: { active: false } })).status, 403);
  t.is((await app.request('GET', '/api/v1/response-templates', { token: customer.token })).status, 403);
  t.is((await app.request('GET', `/api/v1/response-templates/${id}`, { token: customer.token })).status, 403);

  const audit = await app.db('audit_log').where({ entity_type: 'response_template', entity_id: String(id) }).orderBy('id').select('action', 'actor_id');
  t.deepEqual(audit.map((a) => a.action), ['response_template.create', 'response_template.update']);
  t.true(audit.every((a) => Number(a.actor_id) === admin.id));

  const del = await app.request('DELETE', `/api/v1/response-templates/${id}`, { token: admin.token });
  t.is(del.status, 204);
  t.is(await count(app.db('response_templates').where({ id })), 0);
  t.is(await count(app.db('audit_log').where({ entity_type: 'response_template', entity_id: String(id), action: 'response_template.delete' })), 1);
});

test.serial('render fills placeholders with escaped values, only for agents and visible tickets', async (t) => {
  const { app, agent, customer, otherTeamId } = t.context;
  await app.db('customers').where({ id: customer.id }).update({ name: 'Ann<script> "Smith"' });
  const id = await newTemplate(t, '<p>Hi {{customer.first_name}} ({{customer.name}}), re #{{ticket.number}} {{ticket.subject}}. {{agent.first_name}} / {{agent.name}}</p>');
  const ticketId = await newTicket(t);
  const number = (await app.db('tickets').where({ id: ticketId }).first('number')).number as number;
  const res = await app.request('POST', `/api/v1/response-templates/${id}/render`, { token: agent.token, body: { ticketId } });
  t.is(res.status, 200, JSON.stringify(res.body));
  t.is(res.body.bodyHtml,
    `<p>Hi Ann&lt;script&gt; (Ann&lt;script&gt; &quot;Smith&quot;), re #${number} Refund &amp; &lt;b&gt;cancel&lt;/b&gt;. Pat / Pat &lt;Agent&gt; Lee</p>`);

  const hidden = await newTicket(t, otherTeamId);
  t.is((await app.request('POST', `/api/v1/response-templates/${id}/render`, { token: agent.token, body: { ticketId: hidden } })).status, 404);
  t.is((await app.request('POST', `/api/v1/response-templates/${id}/render`, { token: customer.token, body: { ticketId } })).status, 403);
  t.is((await app.request('POST', '/api/v1/response-templates/999999/render', { token: agent.token, body: { ticketId } })).status, 404);
});

test.serial('a public reply with templateId records exactly one use; bad uses are refused without writing', async (t) => {
  const { app, agent, customer, admin } = t.context;
  const id = await newTemplate(t);
  const ticketId = await newTicket(t);
  const used = await reply(t, agent.token, ticketId, { templateId: id });
  t.is(used.status, 201, JSON.stringify(used.body));
  await reply(t, agent.token, ticketId, {}); // no template: no use
  const uses = await app.db('template_uses').where({ template_id: id }).select('*');
  t.is(uses.length, 1);
  t.is(Number(uses[0].entry_id), used.body.id);
  t.is(Number(uses[0].ticket_id), ticketId);
  t.is(Number(uses[0].worker_id), agent.id);

  const entriesBefore = await count(app.db('conversation_entries').where({ ticket_id: ticketId }));
  const note = await reply(t, agent.token, ticketId, { kind: 'internal_note', templateId: id });
  t.is(note.status, 422);
  t.is(note.body.errors[0].path, 'templateId');
  const missing = await reply(t, agent.token, ticketId, { templateId: 999_999 });
  t.is(missing.status, 422);
  t.is(missing.body.errors[0].path, 'templateId');
  t.is((await app.request('PATCH', `/api/v1/response-templates/${id}`, { token: admin.token, body: { active: false } })).status, 200);
  const inactive = await reply(t, agent.token, ticketId, { templateId: id });
  t.is(inactive.status, 422);
  t.is(inactive.body.errors[0].path, 'templateId');
  const fromCustomer = await reply(t, customer.token, ticketId, { templateId: id });
  t.is(fromCustomer.status, 403);
  t.is(await count(app.db('conversation_entries').where({ ticket_id: ticketId })), entriesBefore, 'refused replies wrote no entry');
  t.is(await count(app.db('template_uses').where({ template_id: id })), 1);

  const del = await app.request('DELETE', `/api/v1/response-templates/${id}`, { token: admin.token });
  t.is(del.status, 409, 'a used template keeps its analytics');
});

test.serial('template report: uses, tickets, median reply-to-solve and CSAT equal hand-computed values', async (t) => {
  const { app, agent, admin, customer } = t.context;
  const db = app.db;
  const t1 = await newTemplate(t);
  const t2 = await newTemplate(t);
  const unused = await newTemplate(t);
  const [x, y, z] = [await newTicket(t), await newTicket(t), await newTicket(t)];
  const status = async (category: string) => (await db('statuses').where({ category }).orderBy('id').first('id')).id as number;
  // Replace each ticket's status history with one whose times we control.
  const history = async (ticketId: number, rows: Array<[string, string]>) => {
    await db('ticket_status_history').where({ ticket_id: ticketId }).delete();
    for (const [category, at] of rows) {
      await db('ticket_status_history').insert({ ticket_id: ticketId, status_id: await status(category), category, changed_by_type: 'worker', changed_by_id: agent.id, changed_at: at });
    }
  };
  await history(x, [['new', '2026-01-10T09:00:00Z'], ['solved', '2026-01-10T12:00:00Z'], ['open', '2026-01-11T00:00:00Z'], ['solved', '2026-01-11T06:00:00Z']]);
  await history(y, [['new', '2026-01-12T00:00:00Z'], ['pending', '2026-01-12T01:00:00Z'], ['solved', '2026-01-12T08:00:00Z'], ['closed', '2026-01-12T09:00:00Z']]);
  await history(z, [['new', '2026-01-13T00:00:00Z']]);

  const use = async (templateId: number, ticketId: number, at: string) => {
    const res = await reply(t, agent.token, ticketId, { templateId });
    t.is(res.status, 201, JSON.stringify(res.body));
    await db('template_uses').where({ entry_id: res.body.id }).update({ used_at: at });
  };
  await use(t1, x, '2026-01-10T10:00:00Z'); // -> solve 12:00: 2 h
  await use(t1, x, '2026-01-11T01:00:00Z'); // -> solve after reopen 06:00: 5 h
  await use(t1, y, '2026-01-12T02:00:00Z'); // -> solve 08:00 (closed at 09:00 is not a new solve): 6 h
  await use(t2, y, '2026-01-12T03:00:00Z'); // -> 5 h
  await use(t1, z, '2026-01-13T01:00:00Z'); // never solved: counted, no time
  await use(t1, x, '2026-02-05T00:00:00Z'); // outside the range

  let token = 0;
  const survey = (ticketId: number, resolution: number, rating: number | null) =>
    db('surveys').insert({ ticket_id: ticketId, resolution, token_hash: `tpl-survey-${ticketId}-${++token}`, expires_at: '2026-12-31T00:00:00Z', rating, answered_at: rating === null ? null : '2026-01-20T00:00:00Z' });
  await survey(x, 1, 5);
  await survey(x, 2, 2);
  await survey(y, 1, 4);
  await survey(y, 2, null); // not answered
  await survey(z, 1, null);

  const res = await app.request('GET', '/api/v1/reports/templates?from=2026-01-01&to=2026-02-01', { token: admin.token });
  t.is(res.status, 200, JSON.stringify(res.body));
  const row = (id: number) => res.body.data.find((r: { templateId: number }) => r.templateId === id);
  t.like(row(t1), { uses: 4, tickets: 3, solvedAfterUse: 3, replyToSolveMedianMs: 5 * 3_600_000, csatResponses: 3, csatAverage: 3.67 });
  t.like(row(t2), { uses: 1, tickets: 1, solvedAfterUse: 1, replyToSolveMedianMs: 5 * 3_600_000, csatResponses: 1, csatAverage: 4 });
  t.like(row(unused), { uses: 0, tickets: 0, solvedAfterUse: 0, replyToSolveMedianMs: null, csatResponses: 0, csatAverage: null });

  const csv = await app.request('GET', '/api/v1/reports/templates?from=2026-01-01&to=2026-02-01&format=csv', { token: admin.token });
  t.is(csv.status, 200);
  t.regex(csv.headers.get('content-type') ?? '', /text\/csv/);
  const lines = String(csv.body).split('\r\n');
  t.is(lines[0], 'templateId,templateName,active,uses,tickets,solvedAfterUse,replyToSolveMedianMs,csatResponses,csatAverage');
  t.true(lines.includes(`${t1},Template ${seq - 2},true,4,3,3,18000000,3,3.67`), lines.join('\n'));

  const backwards = await app.request('GET', '/api/v1/reports/templates?from=2026-02-01&to=2026-01-01', { token: admin.token });
  t.is(backwards.status, 422);
  t.is(backwards.body.errors[0].path, 'query.to');
  t.is((await app.request('GET', '/api/v1/reports/templates?from=2026-01-01&to=2026-02-01', { token: agent.token })).status, 403);
  t.is((await app.request('GET', '/api/v1/reports/templates?from=2026-01-01&to=2026-02-01', { token: customer.token })).status, 403);
});
