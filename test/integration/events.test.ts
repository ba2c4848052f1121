/**
 * GET /api/v1/events (live ticket events from PostgreSQL LISTEN/NOTIFY) and the web UI served at /.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import pino from 'pino';
import { createApp } from '../../gateway/app';
import { localStorage } from '../../services/storage/local-storage';
import { createCustomer, createPluginKey, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';
import { openEventStream, type SseStream } from '../helpers/sse';

type Ctx = { app: TestApp; admin: TestWorker; agentA: TestWorker; agentB: TestWorker; customer: TestCustomer; otherCustomer: TestCustomer; teamA: number; teamB: number };
const test = anyTest.serial as TestFn<Ctx>;

test.before(async (t) => {
  const app = await startTestApp();
  const teamA = await createTeam(app.db, 'A');
  const teamB = await createTeam(app.db, 'B');
  t.context = {
    app, teamA, teamB,
    admin: await createWorker(app.db, { role: 'admin' }),
    agentA: await createWorker(app.db, { role: 'agent', teamIds: [teamA] }),
    agentB: await createWorker(app.db, { role: 'agent', teamIds: [teamB] }),
    customer: await createCustomer(app.db),
    otherCustomer: await createCustomer(app.db),
  };
});
test.after.always(async (t) => t.context.app?.close());

const streams: SseStream[] = [];
test.afterEach.always(() => { for (const s of streams.splice(0)) s.close(); });
const open = async (url: string, token: string) => {
  const s = await openEventStream(`${url}/api/v1/events`, token);
  streams.push(s);
  return s;
};
const settle = () => new Promise((r) => setTimeout(r, 300));

test('each caller hears only about tickets it may see, and customers never about internal notes', async (t) => {
  const { app, admin, agentA, agentB, customer, otherCustomer, teamA, teamB } = t.context;
  const [sA, sB, sC, sO] = await Promise.all([agentA, agentB, customer, otherCustomer].map((p) => open(app.url, p.token)));
  t.is(sA!.status, 200);
  t.regex(sA!.contentType, /^text\/event-stream/);

  const mk = async (teamId: number, requesterId: number) => (await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'Live', teamId, requesterId } })).body.id as number;
  const tA = await mk(teamA, customer.id);
  const tB = await mk(teamB, otherCustomer.id);
  await app.request('POST', `/api/v1/tickets/${tA}/entries`, { token: admin.token, body: { kind: 'internal_note', bodyText: 'secret note body' } });
  await app.request('POST', `/api/v1/tickets/${tA}/entries`, { token: admin.token, body: { kind: 'public_reply', bodyText: 'public reply body' } });

  await sA!.waitFor((e) => e.ticketId === tA && e.type === 'message.created');
  await sC!.waitFor((e) => e.ticketId === tA && e.type === 'message.created');
  await sB!.waitFor((e) => e.ticketId === tB);
  await sO!.waitFor((e) => e.ticketId === tB);
  await settle();

  const seen = (s: SseStream) => s.events.map((e) => `${e.ticketId}:${e.type}`);
  t.deepEqual(seen(sA!), [`${tA}:ticket.created`, `${tA}:note.created`, `${tA}:message.created`]);
  t.deepEqual(seen(sB!), [`${tB}:ticket.created`]);
  t.deepEqual(seen(sC!), [`${tA}:ticket.created`, `${tA}:message.created`]);
  t.deepEqual(seen(sO!), [`${tB}:ticket.created`]);
  // Notices carry no content at all: clients refetch through the filtered API.
  for (const s of [sA!, sB!, sC!, sO!]) {
    for (const data of s.raw) t.deepEqual(Object.keys(JSON.parse(data)).sort(), ['id', 'ticketId', 'type']);
    t.false(s.raw.join('').includes('secret'));
  }

  // Moving a ticket to another team tells both the team it left and the one it joined.
  const ticket = await app.request('GET', `/api/v1/tickets/${tA}`, { token: admin.token });
  const moved = await app.request('PATCH', `/api/v1/tickets/${tA}`, { token: admin.token, body: { teamId: teamB }, headers: { 'If-Match': ticket.headers.get('etag')! } });
  t.is(moved.status, 200);
  await sA!.waitFor((e) => e.ticketId === tA && e.type === 'ticket.updated');
  await sB!.waitFor((e) => e.ticketId === tA && e.type === 'ticket.updated');
});

test('the stream needs credentials and the tickets:read permission', async (t) => {
  const { app } = t.context;
  const anonymous = await app.request('GET', '/api/v1/events');
  t.is(anonymous.status, 401);
  t.regex(anonymous.headers.get('content-type') ?? '', /problem\+json/);
  const plugin = await createPluginKey(app.db, ['customers:read']);
  const denied = await app.request('GET', '/api/v1/events', { token: plugin.key });
  t.is(denied.status, 403);
});

test('a write through one gateway reaches streams on another gateway process sharing the database', async (t) => {
  const { app, admin, agentA, teamA, customer } = t.context;
  // A second app on the same database stands in for a second gateway process: only PostgreSQL connects them.
  const second = createApp({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), storage: localStorage(join(mkdtempSync(join(tmpdir(), 'lantern-gw2-')), 'a')), engine: app.engine });
  const server = second.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  try {
    const s = await open(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, agentA.token);
    const created = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'Elsewhere', teamId: teamA, requesterId: customer.id } });
    const started = Date.now();
    await s.waitFor((e) => e.ticketId === created.body.id && e.type === 'ticket.created', 1000);
    t.true(Date.now() - started < 1000);
    s.close();
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('the listener reconnects after its database connection is killed, and open streams keep receiving', async (t) => {
  const { app, admin, agentA, teamA, customer } = t.context;
  const s = await open(app.url, agentA.token);
  const killed = await app.db.raw(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`);
  t.is(killed.rows.length, 1, 'one LISTEN connection per gateway process');
  // The hub retries after a second; poll with fresh tickets until one arrives.
  const deadline = Date.now() + 8000;
  let delivered = false;
  while (!delivered && Date.now() < deadline) {
    const created = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'After reconnect', teamId: teamA, requesterId: customer.id } });
    delivered = await s.waitFor((e) => e.ticketId === created.body.id, 700).then(() => true, () => false);
  }
  t.true(delivered);
});

test('the web UI is served at / with a fallback to index.html for its own routes, never for /api', async (t) => {
  const { app } = t.context;
  const root = await app.request('GET', '/');
  t.is(root.status, 200);
  t.regex(root.headers.get('content-type') ?? '', /text\/html/);
  t.regex(root.body, /<div id="root"><\/div>/);
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(root.body)?.[1];
  t.truthy(script);
  const asset = await app.request('GET', script!);
  t.is(asset.status, 200);
  t.regex(asset.headers.get('content-type') ?? '', /javascript/);
  t.regex(asset.headers.get('cache-control') ?? '', /immutable/);
  const deep = await app.request('GET', '/tickets/42');
  t.regex(deep.body, /<div id="root">/);
  const traversal = await app.request('GET', '/assets/..%2f..%2f..%2fpackage.json');
  t.false(String(traversal.body).includes('"name": "lantern"'));
  const api = await app.request('GET', '/api/v1/no-such-thing');
  t.is(api.status, 404);
  t.regex(api.headers.get('content-type') ?? '', /problem\+json/);
});
