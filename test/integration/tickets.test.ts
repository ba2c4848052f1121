import anyTest, { type TestFn } from 'ava';
import { count } from '../helpers/db';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';

type Ctx = { app: TestApp; admin: TestWorker; agent: TestWorker; otherAgent: TestWorker; customer: TestCustomer; teamA: number; teamB: number };
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const app = await startTestApp();
  const teamA = await createTeam(app.db, 'A');
  const teamB = await createTeam(app.db, 'B');
  t.context = {
    app, teamA, teamB,
    admin: await createWorker(app.db, { role: 'admin' }),
    agent: await createWorker(app.db, { role: 'agent', teamIds: [teamA] }),
    otherAgent: await createWorker(app.db, { role: 'agent', teamIds: [teamB] }),
    customer: await createCustomer(app.db),
  };
});
test.after.always(async (t) => t.context.app?.close());

test('a ticket created through the API carries defaults, history, first message and an ETag', async (t) => {
  const { app, agent, customer, teamA } = t.context;
  const res = await app.request('POST', '/api/v1/tickets', {
    token: agent.token,
    body: { subject: 'Printer on fire', requesterId: customer.id, teamId: teamA, tags: ['Hardware', 'urgent'], message: { bodyHtml: '<p>It is <b>on fire</b><script>alert(1)</script></p>' } },
  });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.is(res.body.status.category, 'new');
  t.is(res.body.priority.name, 'Normal');
  t.deepEqual(res.body.tags, ['hardware', 'urgent']);
  t.true(res.body.number >= 1000);
  t.is(res.headers.get('etag'), `"v${res.body.version}"`);
  const entries = await app.request('GET', `/api/v1/tickets/${res.body.id}/entries`, { token: agent.token });
  t.is(entries.body.data.length, 1);
  t.is(entries.body.data[0].kind, 'customer_message');
  t.deepEqual(entries.body.data[0].author, { type: 'customer', id: customer.id });
  t.false(entries.body.data[0].bodyHtml.includes('script'));
  t.is(entries.body.data[0].bodyText, 'It is on fire');
  const history = await app.request('GET', `/api/v1/tickets/${res.body.id}/status-history`, { token: agent.token });
  t.is(history.body.data.length, 1);
  const audit = await app.db('audit_log').where({ entity_type: 'ticket', entity_id: String(res.body.id), action: 'ticket.create' }).first();
  t.is(audit.actor_id, agent.id);
  t.is(audit.via, 'session');
});

test('two agents saving the same version: the second gets 409 and nothing is lost', async (t) => {
  const { app, agent, customer, teamA } = t.context;
  const created = await app.request('POST', '/api/v1/tickets', { token: agent.token, body: { subject: 'Race', requesterId: customer.id, teamId: teamA } });
  const etag = created.headers.get('etag')!;
  const [a, b] = await Promise.all([
    app.request('PATCH', `/api/v1/tickets/${created.body.id}`, { token: agent.token, headers: { 'if-match': etag }, body: { subject: 'First writer' } }),
    app.request('PATCH', `/api/v1/tickets/${created.body.id}`, { token: agent.token, headers: { 'if-match': etag }, body: { subject: 'Second writer' } }),
  ]);
  t.deepEqual([a.status, b.status].sort(), [200, 409]);
  const winner = a.status === 200 ? a : b;
  const loser = a.status === 200 ? b : a;
  t.is(loser.headers.get('content-type'), 'application/problem+json');
  const now = await app.request('GET', `/api/v1/tickets/${created.body.id}`, { token: agent.token });
  t.is(now.body.subject, winner.body.subject);
  t.is(now.body.version, created.body.version + 1);
  const missing = await app.request('PATCH', `/api/v1/tickets/${created.body.id}`, { token: agent.token, body: { subject: 'No precondition' } });
  t.is(missing.status, 428);
});

test('status changes are recorded with timestamps and published to the outbox', async (t) => {
  const { app, agent, customer, teamA } = t.context;
  const created = await app.request('POST', '/api/v1/tickets', { token: agent.token, body: { subject: 'Status', requesterId: customer.id, teamId: teamA } });
  const solved = await app.db('statuses').where({ category: 'solved' }).first('id');
  const res = await app.request('PATCH', `/api/v1/tickets/${created.body.id}`, { token: agent.token, body: { statusId: solved.id, version: created.body.version } });
  t.is(res.status, 200);
  t.is(res.body.status.category, 'solved');
  const history = await app.request('GET', `/api/v1/tickets/${created.body.id}/status-history`, { token: agent.token });
  t.deepEqual(history.body.data.map((h: any) => h.status.category), ['new', 'solved']);
  const events = await app.db('outbox').where({ entity_type: 'ticket', entity_id: String(created.body.id) }).orderBy('id').pluck('event_type');
  t.deepEqual(events, ['ticket.created', 'status.changed', 'ticket.updated']);
});

test('agents only see their teams\' tickets; customers only their own, never internal notes', async (t) => {
  const { app, agent, otherAgent, customer, teamA } = t.context;
  const created = await app.request('POST', '/api/v1/tickets', { token: agent.token, body: { subject: 'Team A only', requesterId: customer.id, teamId: teamA, message: { bodyText: 'hello' } } });
  const id = created.body.id;
  await app.request('POST', `/api/v1/tickets/${id}/entries`, { token: agent.token, body: { kind: 'internal_note', bodyText: 'secret: customer is on probation' } });
  await app.request('POST', `/api/v1/tickets/${id}/entries`, { token: agent.token, body: { kind: 'public_reply', bodyText: 'We are on it' } });
  t.is((await app.request('GET', `/api/v1/tickets/${id}`, { token: otherAgent.token })).status, 404);
  const list = await app.request('GET', '/api/v1/tickets?limit=200', { token: otherAgent.token });
  t.false(list.body.data.some((x: any) => x.id === id));
  const mine = await app.request('GET', `/api/v1/tickets/${id}/entries`, { token: customer.token });
  t.is(mine.status, 200);
  t.deepEqual(mine.body.data.map((e: any) => e.kind), ['customer_message', 'public_reply']);
  t.false(JSON.stringify(mine.body).includes('probation'));
  const view = await app.request('GET', `/api/v1/tickets/${id}`, { token: customer.token });
  t.is(view.body.tags, undefined);
  t.is(view.body.customFields, undefined);
  const other = await createCustomer(app.db);
  t.is((await app.request('GET', `/api/v1/tickets/${id}`, { token: other.token })).status, 404);
  t.is((await app.request('GET', `/api/v1/tickets/${id}/entries`, { token: other.token })).status, 404);
  const noteAsCustomer = await app.request('POST', `/api/v1/tickets/${id}/entries`, { token: customer.token, body: { kind: 'internal_note', bodyText: 'x' } });
  t.is(noteAsCustomer.status, 403);
});

test('keyset pagination walks every ticket exactly once in sort order', async (t) => {
  const { app, admin, customer } = t.context;
  const tag = `page${Date.now()}`;
  for (let i = 0; i < 23; i++) {
    await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: `Paged ${i}`, requesterId: customer.id, tags: [tag] } });
  }
  for (const sort of ['-updatedAt', 'createdAt', 'priority', '-number']) {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await app.request('GET', `/api/v1/tickets?tag=${tag}&limit=5&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`, { token: admin.token });
      t.is(res.status, 200);
      seen.push(...res.body.data.map((x: any) => x.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    t.is(seen.length, 23, sort);
    t.is(new Set(seen).size, 23, sort);
  }
  const bad = await app.request('GET', '/api/v1/tickets?cursor=not-a-cursor', { token: admin.token });
  t.is(bad.status, 422);
  t.is(bad.body.errors[0].path, 'cursor');
});

test('idempotent create: the same key returns the same ticket once; a different body is refused', async (t) => {
  const { app, agent, customer, teamA } = t.context;
  const body = { subject: 'Once only', requesterId: customer.id, teamId: teamA };
  const headers = { 'idempotency-key': `k-${Date.now()}` };
  const [a, b] = await Promise.all([
    app.request('POST', '/api/v1/tickets', { token: agent.token, body, headers }),
    app.request('POST', '/api/v1/tickets', { token: agent.token, body, headers }),
  ]);
  t.is(a.status, 201);
  t.is(b.status, 201);
  t.is(a.body.id, b.body.id);
  t.is(await count(app.db('tickets').where({ subject: 'Once only' })), 1);
  const changed = await app.request('POST', '/api/v1/tickets', { token: agent.token, body: { ...body, subject: 'Other' }, headers });
  t.is(changed.status, 422);
  t.is(changed.body.type, 'urn:lantern:problem:idempotency_mismatch');
});

test('bulk update is all-or-nothing with a per-ticket result', async (t) => {
  const { app, agent, customer, teamA, teamB, admin } = t.context;
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) ids.push((await app.request('POST', '/api/v1/tickets', { token: agent.token, body: { subject: `Bulk ${i}`, requesterId: customer.id, teamId: teamA, tags: ['keep'] } })).body.id);
  const hidden = (await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'Hidden', requesterId: customer.id, teamId: teamB } })).body.id;
  const urgent = await app.db('priorities').where({ name: 'Urgent' }).first('id');
  const refused = await app.request('POST', '/api/v1/tickets/bulk', { token: agent.token, body: { ids: [...ids, hidden], changes: { priorityId: urgent.id } } });
  t.is(refused.status, 422);
  t.is(refused.body.errors.length, 1);
  t.is(await count(app.db('tickets').whereIn('id', ids).where({ priority_id: urgent.id })), 0);
  const ok = await app.request('POST', '/api/v1/tickets/bulk', { token: agent.token, body: { ids, changes: { priorityId: urgent.id, addTags: ['vip'], removeTags: ['keep'] } } });
  t.is(ok.status, 200);
  t.is(ok.body.results.length, 5);
  t.true(ok.body.results.every((r: any) => r.ok && r.version === 2));
  const rows = await app.db('tickets').whereIn('id', ids).select('priority_id', 'tags');
  t.true(rows.every((r) => r.priority_id === urgent.id && JSON.stringify(r.tags) === '["vip"]'));
});
