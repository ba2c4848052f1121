/**
 * Mentions on internal notes (validation, notifications, live `notification` events), notification read-all and
 * unread count, ticket presence with expiry and live `presence` events across gateway processes, and the reply
 * collision check.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import pino from 'pino';
import { createApp } from '../../gateway/app';
import { localStorage } from '../../services/storage/local-storage';
import { count } from '../helpers/db';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';
import { openEventStream, type SseStream } from '../helpers/sse';

type Ctx = {
  app: TestApp; admin: TestWorker; agent: TestWorker; teammate: TestWorker; outsider: TestWorker; customer: TestCustomer; teamA: number; ticket: number;
};
const test = anyTest.serial as TestFn<Ctx>;

test.before(async (t) => {
  const app = await startTestApp();
  const teamA = await createTeam(app.db, 'Mentions A');
  const teamB = await createTeam(app.db, 'Mentions B');
  const admin = await createWorker(app.db, { role: 'admin', name: 'Ada Admin' });
  const customer = await createCustomer(app.db);
  const created = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'Mention me', requesterId: customer.id, teamId: teamA, message: { bodyText: 'first' } } });
  t.context = {
    app, admin, customer, teamA, ticket: created.body.id,
    agent: await createWorker(app.db, { role: 'agent', teamIds: [teamA], name: 'Alex Agent' }),
    teammate: await createWorker(app.db, { role: 'agent', teamIds: [teamA], name: 'Tess Teammate' }),
    outsider: await createWorker(app.db, { role: 'agent', teamIds: [teamB], name: 'Otto Outsider' }),
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

const mention = (id: number, label: string) => `<span data-type="mention" data-id="${id}" data-label="${label}">@${label}</span>`;

test('the sanitizer keeps mention spans and drops anything dangerous on them', async (t) => {
  const { app, agent, ticket } = t.context;
  const res = await app.request('POST', `/api/v1/tickets/${ticket}/entries`, {
    token: agent.token,
    body: { kind: 'internal_note', bodyHtml: `<p>Hi <span data-type="mention" data-id="5" data-label="Tess" onclick="steal()" style="color:red" class="x">@Tess</span><script>x()</script></p>` },
  });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.is(res.body.bodyHtml, '<p>Hi <span data-type="mention" data-id="5" data-label="Tess">@Tess</span></p>');
  t.deepEqual(res.body.mentions, []);
});

test('a mention notifies the mentioned worker once, live, and the entry lists its mentions', async (t) => {
  const { app, agent, teammate, admin, ticket } = t.context;
  const stream = await open(app.url, teammate.token);
  const other = await open(app.url, admin.token);
  const res = await app.request('POST', `/api/v1/tickets/${ticket}/entries`, {
    token: agent.token,
    body: { kind: 'internal_note', bodyHtml: `<p>${mention(teammate.id, 'Tess')} can you check the invoice?</p>`, mentions: [teammate.id, teammate.id, agent.id] },
  });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.deepEqual(res.body.mentions, [teammate.id, agent.id]);
  const live = await stream.waitForMessage('notification', (d) => d.ticketId === ticket && d.kind === 'mention');
  t.deepEqual(Object.keys(live.data).sort(), ['id', 'kind', 'ticketId']);
  const rows = await app.db('notifications').where({ ticket_id: ticket, kind: 'mention' });
  t.deepEqual(rows.map((r) => r.worker_id), [teammate.id], 'the author is not notified of their own mention; duplicates collapse');
  t.deepEqual(rows[0].payload, { entryId: res.body.id, byWorkerId: agent.id, byName: 'Alex Agent', excerpt: '@Tess can you check the invoice?' });
  t.is(live.data.id, rows[0].id);
  const listed = await app.request('GET', `/api/v1/tickets/${ticket}/entries?limit=200`, { token: teammate.token });
  t.deepEqual(listed.body.data.find((e: { id: number }) => e.id === res.body.id).mentions, [teammate.id, agent.id]);
  await new Promise((r) => setTimeout(r, 200));
  t.false(other.messages.some((m) => m.event === 'notification'), 'nobody else hears about it');
});

test('mentioning someone who cannot see the ticket, or on a public reply, is a 400 and writes nothing', async (t) => {
  const { app, agent, outsider, teammate, ticket } = t.context;
  const entries = await count(app.db('conversation_entries').where({ ticket_id: ticket }));
  const notifications = await count(app.db('notifications'));
  const hidden = await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: agent.token, body: { kind: 'internal_note', bodyText: 'ping', mentions: [teammate.id, outsider.id] } });
  t.is(hidden.status, 400, JSON.stringify(hidden.body));
  t.deepEqual(hidden.body.errors, [{ path: 'mentions.1', message: `Otto Outsider (worker ${outsider.id}) cannot see this ticket` }]);
  const missing = await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: agent.token, body: { kind: 'internal_note', bodyText: 'ping', mentions: [999_999] } });
  t.is(missing.status, 400);
  const reply = await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: agent.token, body: { kind: 'public_reply', bodyText: 'hello', mentions: [teammate.id] } });
  t.is(reply.status, 400);
  t.is(reply.body.errors[0].path, 'mentions');
  t.is((await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: agent.token, body: { kind: 'internal_note', bodyText: 'x', mentions: Array.from({ length: 21 }, (_, i) => i + 1) } })).status, 422);
  t.is(await count(app.db('conversation_entries').where({ ticket_id: ticket })), entries);
  t.is(await count(app.db('notifications')), notifications);
});

test('unread count and read-all concern only the caller', async (t) => {
  const { app, agent, teammate, admin, ticket } = t.context;
  await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: agent.token, body: { kind: 'internal_note', bodyText: 'two', mentions: [teammate.id, admin.id] } });
  const unread = async (w: TestWorker) => (await app.request('GET', '/api/v1/notifications/unread-count', { token: w.token })).body.count as number;
  t.is(await unread(teammate), 2);
  t.is(await unread(admin), 1);
  const done = await app.request('POST', '/api/v1/notifications/read-all', { token: teammate.token });
  t.is(done.status, 204);
  t.is(await unread(teammate), 0);
  t.is(await unread(admin), 1, 'another worker\'s notifications stay unread');
  const list = await app.request('GET', '/api/v1/notifications?unread=true', { token: teammate.token });
  t.deepEqual(list.body.data, []);
  t.is(await count(app.db('audit_log').where({ action: 'notification.read_all', actor_id: teammate.id })), 1);
  t.is((await app.request('GET', '/api/v1/notifications/unread-count', { token: t.context.customer.token })).body.count, 0);
});

test('presence appears for others, changes state, expires and leaves; live events reach another gateway process', async (t) => {
  const { app, agent, teammate, outsider, customer, ticket } = t.context;
  // A second app on the same database stands in for a second gateway process.
  const second = createApp({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), storage: localStorage(join(mkdtempSync(join(tmpdir(), 'lantern-gw2-')), 'a')), engine: app.engine });
  const server = second.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }));
  const watching = await open(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, teammate.token);
  const blind = await open(app.url, outsider.token);

  const put = (state: string, token = agent.token) => app.request('PUT', `/api/v1/tickets/${ticket}/presence`, { token, body: { state } });
  const seen = async (token = teammate.token) => (await app.request('GET', `/api/v1/tickets/${ticket}/presence`, { token })).body.data as { workerId: number; name: string; state: string; since: string }[];
  t.is((await put('viewing')).status, 204);
  await watching.waitForMessage('presence', (d) => d.ticketId === ticket);
  const first = await seen();
  t.deepEqual(first.map((p) => [p.workerId, p.name, p.state]), [[agent.id, 'Alex Agent', 'viewing']]);
  t.deepEqual(await seen(agent.token), [], 'the caller is left out');

  const before = watching.messages.length;
  t.is((await put('viewing')).status, 204);
  await new Promise((r) => setTimeout(r, 300));
  t.is(watching.messages.length, before, 'a plain heartbeat changes nothing anyone sees: no event');
  t.is((await put('replying')).status, 204);
  await watching.waitForMessage('presence', () => watching.messages.length > before);
  t.is((await seen())[0]!.state, 'replying');

  // 40 s without a heartbeat: moved into the past rather than waited for.
  await app.db('ticket_presence').where({ ticket_id: ticket, worker_id: agent.id }).update({ expires_at: new Date(Date.now() - 1000) });
  t.deepEqual(await seen(), [], 'expired presence is dropped');
  t.is((await put('viewing')).status, 204);
  t.is((await seen()).length, 1);
  t.is((await app.request('DELETE', `/api/v1/tickets/${ticket}/presence`, { token: agent.token })).status, 204);
  t.deepEqual(await seen(), []);

  t.is((await app.request('GET', `/api/v1/tickets/${ticket}/presence`, { token: outsider.token })).status, 404);
  t.is((await put('viewing', outsider.token)).status, 404);
  t.is((await put('viewing', customer.token)).status, 400);
  t.is((await put('lurking')).status, 422);
  await new Promise((r) => setTimeout(r, 200));
  t.false(blind.messages.some((m) => m.event === 'presence'), 'workers who cannot see the ticket hear nothing');
});

test('a reply colliding with a newer customer message is a 409 listing it; sending again without lastSeenEntryId works', async (t) => {
  const { app, agent, teammate, customer, ticket } = t.context;
  const entries = (await app.request('GET', `/api/v1/tickets/${ticket}/entries?limit=200`, { token: agent.token })).body.data as { id: number }[];
  const lastSeen = entries.at(-1)!.id;
  // The agent's own newer reply does not count; a note by someone else does not either.
  const own = await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: agent.token, body: { kind: 'public_reply', bodyText: 'mine', lastSeenEntryId: lastSeen } });
  t.is(own.status, 201);
  await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: teammate.token, body: { kind: 'internal_note', bodyText: 'a note' } });
  t.is((await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: agent.token, body: { kind: 'public_reply', bodyText: 'again', lastSeenEntryId: lastSeen } })).status, 201);

  const theirs = await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: customer.token, body: { bodyText: 'Never mind, fixed it!' } });
  t.is(theirs.status, 201);
  const count0 = await count(app.db('conversation_entries').where({ ticket_id: ticket }));
  const clash = await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: agent.token, body: { kind: 'public_reply', bodyText: 'Did you try restarting?', lastSeenEntryId: own.body.id } });
  t.is(clash.status, 409, JSON.stringify(clash.body));
  t.is(clash.headers.get('content-type'), 'application/problem+json');
  t.is(clash.body.code, 'reply_collision');
  t.is(clash.body.status, 409);
  t.deepEqual(clash.body.newEntries, [{ id: theirs.body.id, kind: 'customer_message', author: { type: 'customer', id: customer.id }, createdAt: theirs.body.createdAt }]);
  t.is(await count(app.db('conversation_entries').where({ ticket_id: ticket })), count0, 'nothing written');
  const anyway = await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: agent.token, body: { kind: 'public_reply', bodyText: 'Did you try restarting?' } });
  t.is(anyway.status, 201);
  t.is((await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: agent.token, body: { kind: 'public_reply', bodyText: 'up to date', lastSeenEntryId: anyway.body.id } })).status, 201);
  const unknown = await app.request('POST', `/api/v1/tickets/${ticket}/entries`, { token: agent.token, body: { kind: 'public_reply', bodyText: 'x', lastSeenEntryId: 999_999 } });
  t.is(unknown.status, 422);
  t.is(unknown.body.errors[0].path, 'lastSeenEntryId');
});
