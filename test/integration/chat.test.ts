/**
 * Live chat over real WebSockets (the `ws` client) against the real app and PostgreSQL: messages both ways, typing,
 * read receipts, files, transfer, closing, history = ticket entries, visitor isolation, queue positions, offline →
 * email ticket with a transcript sent through a real SMTP peer, and fan-out between two gateway instances.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { simpleParser, type ParsedMail } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import WebSocket from 'ws';
import { createEmailSender } from '../../activities/email/email-sender';
import { sendQueued } from '../../activities/lifecycle/channel-delivery';
import { createApp } from '../../gateway/app';
import { drainTeamQueue } from '../../services/routing/routing.service';
import { localStorage } from '../../services/storage/local-storage';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestWorker } from '../helpers/app';

type Ctx = {
  app: TestApp; admin: TestWorker; team: number; agentA: TestWorker; agentB: TestWorker;
  queueTeam: number; queueAgent: TestWorker; emptyTeam: number;
  relay: SMTPServer; relayed: ParsedMail[];
};
const test = anyTest as TestFn<Ctx>;

type Event = Record<string, any>;
type Client = { ws: WebSocket; events: Event[]; next: (pred: (e: Event) => boolean, ms?: number) => Promise<Event>; send: (m: unknown) => void; ready: Event };

/** Open a chat socket and wait for its `ready` event; every event is kept so tests can wait for the one they need. */
function connect(baseUrl: string, ticketId: number, auth: { token?: string; visitorToken?: string; headers?: Record<string, string> }): Promise<Client> {
  const q = new URLSearchParams({ ticketId: String(ticketId), ...(auth.visitorToken && { visitorToken: auth.visitorToken }) });
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/v1/chat/ws?${q}`, {
    headers: { ...(auth.token && { authorization: `Bearer ${auth.token}` }), ...auth.headers },
  });
  const events: Event[] = [];
  const waiters: Array<{ pred: (e: Event) => boolean; resolve: (e: Event) => void }> = [];
  const seen = new Set<Event>();
  ws.on('message', (data) => {
    const e = JSON.parse(String(data)) as Event;
    events.push(e);
    for (const w of [...waiters]) if (w.pred(e) && !seen.has(e)) { seen.add(e); waiters.splice(waiters.indexOf(w), 1); w.resolve(e); }
  });
  const next = (pred: (e: Event) => boolean, ms = 5000) => new Promise<Event>((resolve, reject) => {
    const found = events.find((e) => pred(e) && !seen.has(e));
    if (found) { seen.add(found); return resolve(found); }
    const timer = setTimeout(() => reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`)), ms);
    waiters.push({ pred, resolve: (e) => { clearTimeout(timer); resolve(e); } });
  });
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode })));
    ws.once('error', reject);
    ws.once('open', () => {
      next((e) => e.type === 'ready').then((ready) => resolve({ ws, events, next, send: (m) => ws.send(JSON.stringify(m)), ready }), reject);
    });
  });
}

const refusal = (p: Promise<unknown>) => p.then(() => 0, (err: { status?: number }) => err.status ?? -1);
const closeAll = (...clients: Client[]) => Promise.all(clients.map((c) => new Promise<void>((r) => { c.ws.once('close', () => r()); c.ws.close(); })));

async function visitor(app: TestApp, name = 'Visitor'): Promise<{ token: string; customerId: number }> {
  const res = await app.request('POST', '/api/v1/chat/visitor-token', { body: { name } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

async function startChat(app: TestApp, token: string, message: string) {
  const res = await app.request('POST', '/api/v1/chat/sessions', { token, body: { message } });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { ticketId: number; state: string; assigneeId: number | null; queuePosition: number | null; offlineReason: string | null; channel: string };
}

test.before(async (t) => {
  const relayed: ParsedMail[] = [];
  const relay = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
    onData(stream, _s, cb) { simpleParser(stream).then((m) => { relayed.push(m); cb(); }, cb); },
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
  const app = await startTestApp({ LANTERN_SMTP_RELAY_URL: `smtp://127.0.0.1:${(relay.server.address() as AddressInfo).port}`, LANTERN_EMAIL_DOMAIN: 'chat.test' });
  const admin = await createWorker(app.db, { role: 'admin' });
  const [team, queueTeam, emptyTeam] = [await createTeam(app.db), await createTeam(app.db), await createTeam(app.db)];
  const agentA = await createWorker(app.db, { role: 'agent', teamIds: [team], name: 'Alice Agent' });
  const agentB = await createWorker(app.db, { role: 'agent', teamIds: [team], name: 'Bob Agent' });
  const queueAgent = await createWorker(app.db, { role: 'agent', teamIds: [queueTeam], name: 'Quinn Queue' });
  const sleepy = await createWorker(app.db, { role: 'agent', teamIds: [emptyTeam] });
  // A team whose calendar is closed today (every day open all day, but today is a holiday), with an online agent.
  const closedTeam = await createTeam(app.db);
  const allDay = [{ start: '00:00', end: '24:00' }];
  const [calendar] = await app.db('calendars').insert({
    name: `closed today ${Date.now()}`, time_zone: 'UTC', holidays: [new Date().toISOString().slice(0, 10)],
    weekly_hours: JSON.stringify({ 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay }),
  }).returning('id');
  await app.db('teams').where({ id: closedTeam }).update({ calendar_id: calendar.id });
  const nightOwl = await createWorker(app.db, { role: 'agent', teamIds: [closedTeam] });
  const profile = async (w: TestWorker, body: Record<string, unknown>) => {
    const res = await app.request('PUT', `/api/v1/workers/${w.id}/routing-profile`, { token: admin.token, body });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  };
  await profile(agentA, { availability: 'online', capacity: 50 });
  await profile(agentB, { availability: 'online', capacity: 50 });
  await profile(queueAgent, { availability: 'online', capacity: 1 });
  await profile(sleepy, { availability: 'offline', capacity: 50 });
  await profile(nightOwl, { availability: 'online', capacity: 50 });
  // First match wins, in creation order: the special teams by a word in the first message, then every chat.
  for (const body of [
    { name: 'nobody home', conditions: [{ field: 'text', op: 'contains_any', values: ['NOBODY'] }], actions: { routeToTeam: emptyTeam } },
    { name: 'after hours', conditions: [{ field: 'text', op: 'contains_any', values: ['AFTERHOURS'] }], actions: { routeToTeam: closedTeam } },
    { name: 'queue', conditions: [{ field: 'text', op: 'contains_any', values: ['QUEUE'] }], actions: { routeToTeam: queueTeam } },
    // `team none`: a chat transferred to another team is not pulled back here when routing runs again.
    { name: 'chats', conditions: [{ field: 'channel', op: 'in', values: ['chat'] }, { field: 'team', op: 'none' }], match: 'all', actions: { routeToTeam: team } },
  ]) {
    const res = await app.request('POST', '/api/v1/routing-rules', { token: admin.token, body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
  const address = await app.request('POST', '/api/v1/email/addresses', { token: admin.token, body: { address: 'help@chat.test', displayName: 'Help', teamId: team } });
  if (address.status !== 201) throw new Error(JSON.stringify(address.body));
  t.context = { app, admin, team, agentA, agentB, queueTeam, queueAgent, emptyTeam, relay, relayed };
});
test.after.always(async (t) => {
  await t.context.app?.close();
  await new Promise<void>((resolve) => (t.context.relay ? t.context.relay.close(() => resolve()) : resolve()));
});

const agentFor = (ctx: Ctx, id: number | null) => [ctx.agentA, ctx.agentB].find((a) => a.id === id)!;

test.serial('customer and agent exchange messages both ways; the chat history is the ticket conversation', async (t) => {
  const { app } = t.context;
  const v = await visitor(app, 'Vera Visitor');
  const chat = await startChat(app, v.token, 'Hello, my order is late');
  t.is(chat.state, 'active');
  t.is(chat.channel, 'chat');
  const agent = agentFor(t.context, chat.assigneeId);
  t.truthy(agent, 'routed to one of the team agents');

  const customer = await connect(app.url, chat.ticketId, { visitorToken: v.token });
  const staff = await connect(app.url, chat.ticketId, { token: agent.token });
  t.is(customer.ready.chat.state, 'active');

  customer.send({ type: 'message', text: 'Order 4711' });
  const c1 = await staff.next((e) => e.type === 'message' && e.entry.bodyText === 'Order 4711');
  t.is(c1.entry.kind, 'customer_message');
  t.deepEqual(c1.entry.author, { type: 'customer', id: v.customerId });
  await customer.next((e) => e.type === 'message' && e.entry.id === c1.entry.id);

  staff.send({ type: 'message', text: 'It ships today' });
  const a1 = await customer.next((e) => e.type === 'message' && e.entry.bodyText === 'It ships today');
  t.is(a1.entry.kind, 'public_reply');
  t.deepEqual(a1.entry.author, { type: 'worker', id: agent.id });

  const history = await app.request('GET', `/api/v1/tickets/${chat.ticketId}/entries`, { token: v.token });
  t.is(history.status, 200);
  t.deepEqual(history.body.data.map((e: Event) => [e.kind, e.bodyText]), [
    ['customer_message', 'Hello, my order is late'], ['customer_message', 'Order 4711'], ['public_reply', 'It ships today'],
  ]);
  t.deepEqual(history.body.data.slice(1).map((e: Event) => e.id), [c1.entry.id, a1.entry.id], 'live events are the stored entries');
  const ticket = await app.db('tickets').where({ id: chat.ticketId }).first();
  t.is(ticket.channel, 'chat');
  t.is(ticket.requester_id, v.customerId);
  await closeAll(customer, staff);
});

test.serial('typing indicators, read receipts and invalid messages', async (t) => {
  const { app } = t.context;
  const v = await visitor(app);
  const chat = await startChat(app, v.token, 'Typing test');
  const agent = agentFor(t.context, chat.assigneeId);
  const customer = await connect(app.url, chat.ticketId, { visitorToken: v.token });
  const staff = await connect(app.url, chat.ticketId, { token: agent.token });

  customer.send({ type: 'typing', typing: true });
  const typing = await staff.next((e) => e.type === 'typing');
  t.deepEqual(typing, { type: 'typing', by: { type: 'customer', id: v.customerId }, typing: true });

  const first = (await app.db('conversation_entries').where({ ticket_id: chat.ticketId }).first('id')).id as number;
  staff.send({ type: 'read', upToEntryId: first });
  const read = await customer.next((e) => e.type === 'read');
  t.deepEqual(read, { type: 'read', by: { type: 'worker', id: agent.id }, upToEntryId: first });
  t.is(Number((await app.db('chat_sessions').where({ ticket_id: chat.ticketId }).first()).agent_read_entry_id), first);

  customer.send({ type: 'shout', text: 'x' });
  const bad = await customer.next((e) => e.type === 'error');
  t.is(bad.status, 422);
  customer.send({ type: 'message', text: 'ok', extra: 1 });
  const unknown = await customer.next((e) => e.type === 'error');
  t.true(unknown.errors.some((f: { path: string }) => f.path === 'extra'));
  customer.ws.send('not json');
  t.is((await customer.next((e) => e.type === 'error')).status, 400);
  staff.send({ type: 'read', upToEntryId: 999_999 });
  t.is((await staff.next((e) => e.type === 'error')).status, 422, 'a receipt for an entry of another ticket is refused');
  t.false(staff.events.some((e) => e.type === 'typing' && e.by?.type === 'worker'), 'no echo of one\'s own typing');
  // A flood of frames is cut off per socket (50 per 10 s; this socket has sent 4 above).
  for (let i = 0; i < 50; i++) staff.send({ type: 'typing', typing: i % 2 === 0 });
  t.is((await staff.next((e) => e.type === 'error' && e.status === 429)).problem, 'urn:lantern:problem:rate_limited');
  await closeAll(customer, staff);
});

test.serial('a file message references an attachment uploaded through the attachments API', async (t) => {
  const { app } = t.context;
  const v = await visitor(app);
  const other = await visitor(app);
  const chat = await startChat(app, v.token, 'Here is a log');
  const customer = await connect(app.url, chat.ticketId, { visitorToken: v.token });
  const upload = async (token: string) => {
    const form = new FormData();
    form.append('file', new Blob(['error at line 3'], { type: 'text/plain' }), 'log.txt');
    const res = await fetch(`${app.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    t.is(res.status, 201);
    return ((await res.json()) as { id: number }).id;
  };
  const mine = await upload(v.token);
  customer.send({ type: 'file', attachmentId: mine });
  const msg = await customer.next((e) => e.type === 'message');
  t.is(msg.entry.bodyText, 'log.txt');
  t.deepEqual(msg.entry.attachments.map((a: Event) => a.id), [mine]);
  t.is(Number((await app.db('attachments').where({ id: mine }).first()).entry_id), msg.entry.id);

  const foreign = await upload(other.token);
  customer.send({ type: 'file', attachmentId: foreign });
  const err = await customer.next((e) => e.type === 'error');
  t.is(err.status, 422, 'another visitor\'s upload cannot be referenced');
  t.is((await app.db('attachments').where({ id: foreign }).first()).entry_id, null);
  await closeAll(customer);
});

test.serial('an agent transfers the chat to another agent; customers cannot transfer; closing ends it', async (t) => {
  const { app } = t.context;
  const v = await visitor(app);
  const chat = await startChat(app, v.token, 'Please transfer me');
  const from = agentFor(t.context, chat.assigneeId);
  const to = from.id === t.context.agentA.id ? t.context.agentB : t.context.agentA;
  const customer = await connect(app.url, chat.ticketId, { visitorToken: v.token });
  const staff = await connect(app.url, chat.ticketId, { token: from.token });

  customer.send({ type: 'transfer', workerId: to.id });
  t.is((await customer.next((e) => e.type === 'error')).status, 403);

  staff.send({ type: 'transfer', workerId: to.id });
  t.deepEqual((await customer.next((e) => e.type === 'transferred')).to, { workerId: to.id, teamId: null });
  t.deepEqual((await customer.next((e) => e.type === 'assigned')).agent, { id: to.id, name: to.id === t.context.agentA.id ? 'Alice Agent' : 'Bob Agent' });
  t.is(Number((await app.db('tickets').where({ id: chat.ticketId }).first()).assignee_id), to.id);
  t.truthy(await app.db('audit_log').where({ action: 'chat.transfer', entity_id: String(chat.ticketId) }).orWhere({ action: 'chat.transfer', entity_id: chat.ticketId }).first());

  // To a team: routing picks that team's agent; the previous agent no longer sees the chat and is dropped.
  const toStaff = await connect(app.url, chat.ticketId, { token: to.token });
  const dropped = new Promise<number>((resolve) => toStaff.ws.once('close', (code) => resolve(code)));
  toStaff.send({ type: 'transfer', teamId: t.context.queueTeam });
  t.deepEqual((await customer.next((e) => e.type === 'transferred')).to, { workerId: null, teamId: t.context.queueTeam });
  t.is((await customer.next((e) => e.type === 'assigned')).agent.id, t.context.queueAgent.id);
  t.is(await dropped, 4404);
  const row = await app.db('tickets').where({ id: chat.ticketId }).first();
  t.deepEqual([Number(row.team_id), Number(row.assignee_id)], [t.context.queueTeam, t.context.queueAgent.id]);
  t.is(await refusal(connect(app.url, chat.ticketId, { token: from.token })), 404, 'the first agent\'s team no longer has it');

  const next = await connect(app.url, chat.ticketId, { token: t.context.queueAgent.token });
  customer.send({ type: 'close' });
  const closed = await next.next((e) => e.type === 'closed');
  t.is(closed.reason, 'solved');
  await customer.next((e) => e.type === 'closed');
  t.is((await app.db('tickets').where({ id: chat.ticketId }).first()).status_category, 'solved');
  t.is((await app.db('chat_sessions').where({ ticket_id: chat.ticketId }).first()).state, 'closed');
  customer.send({ type: 'message', text: 'one more thing' });
  t.is((await customer.next((e) => e.type === 'error')).status, 409);
  await closeAll(customer, next);
});

test.serial('a visitor cannot join another visitor\'s chat; forged tokens and foreign cookie origins are refused', async (t) => {
  const { app } = t.context;
  const v = await visitor(app);
  const intruder = await visitor(app);
  const chat = await startChat(app, v.token, 'Private matter');
  t.is(await refusal(connect(app.url, chat.ticketId, { visitorToken: intruder.token })), 404);
  t.is((await app.request('GET', `/api/v1/chat/${chat.ticketId}`, { token: intruder.token })).status, 404);
  t.is((await app.request('GET', `/api/v1/tickets/${chat.ticketId}/entries`, { token: intruder.token })).status, 404);
  // The intruder's token with the victim's customer id: the signature no longer matches.
  const [, , exp, sig] = /^lv_(\d+)\.(\d+)\.(.+)$/.exec(intruder.token)!;
  const forged = `lv_${v.customerId}.${exp}.${sig}`;
  t.is(await refusal(connect(app.url, chat.ticketId, { visitorToken: forged })), 401);
  t.is((await app.request('GET', `/api/v1/chat/${chat.ticketId}`, { token: forged })).status, 401);
  t.is(await refusal(connect(app.url, chat.ticketId, {})), 401);
  t.is(await refusal(connect(app.url, chat.ticketId, { headers: { cookie: `lantern_session=${t.context.agentA.token}`, origin: 'https://evil.example' } })), 403);
  const own = await connect(app.url, chat.ticketId, { headers: { cookie: `lantern_session=${t.context.agentA.token}`, origin: app.url } });
  t.is(own.ready.chat.ticketId, chat.ticketId, 'the same cookie from our own origin is accepted');
  t.is(await refusal(connect(app.url, 999_999, { token: t.context.admin.token })), 404);
  await closeAll(own);
});

test.serial('a full team queues the chat: queue positions update and the queue drain assigns it', async (t) => {
  const { app, queueTeam, queueAgent } = t.context;
  const [v1, v2, v3] = [await visitor(app), await visitor(app), await visitor(app)];
  const c1 = await startChat(app, v1.token, 'QUEUE one');
  t.is(c1.assigneeId, queueAgent.id);
  const c2 = await startChat(app, v2.token, 'QUEUE two');
  const c3 = await startChat(app, v3.token, 'QUEUE three');
  t.deepEqual([c2.state, c2.queuePosition, c3.state, c3.queuePosition], ['waiting', 1, 'waiting', 2]);
  const second = await connect(app.url, c2.ticketId, { visitorToken: v2.token });
  const third = await connect(app.url, c3.ticketId, { visitorToken: v3.token });
  t.is((await third.next((e) => e.type === 'queue_position')).position, 2);

  const agentSocket = await connect(app.url, c1.ticketId, { token: queueAgent.token });
  agentSocket.send({ type: 'close' });
  await agentSocket.next((e) => e.type === 'closed');
  // What the drain_routing_queue job does when capacity frees (docs/routing.md); run here without the job runner.
  t.is(await drainTeamQueue(app.db, queueTeam), 1);
  t.deepEqual((await second.next((e) => e.type === 'assigned')).agent.id, queueAgent.id);
  t.is((await third.next((e) => e.type === 'queue_position', 8000)).position, 1, 'the periodic update moves the next one up');
  await closeAll(second, third, agentSocket);
});

test.serial('no agent available: the chat becomes an email ticket with its transcript, emailed on request', async (t) => {
  const { app, relayed } = t.context;
  const v = await visitor(app, 'Olga Offline');
  const chat = await startChat(app, v.token, 'NOBODY there? My invoice is wrong');
  t.is(chat.state, 'offline');
  t.is(chat.offlineReason, 'no_agent');
  t.is(chat.channel, 'email');
  const customer = await connect(app.url, chat.ticketId, { visitorToken: v.token });
  t.is(customer.ready.chat.state, 'offline');
  customer.send({ type: 'message', text: 'Invoice 99, charged twice' });
  await customer.next((e) => e.type === 'message');
  const staffView = await app.request('GET', `/api/v1/tickets/${chat.ticketId}/entries`, { token: t.context.admin.token });
  t.deepEqual(staffView.body.data.map((e: Event) => e.kind), ['customer_message', 'system_event', 'customer_message'], 'the transcript stays in the ticket');

  const early = await app.request('POST', `/api/v1/chat/${chat.ticketId}/transcript`, { token: v.token });
  t.is(early.status, 409, 'no address yet');
  const bad = await app.request('POST', `/api/v1/chat/${chat.ticketId}/contact`, { token: v.token, body: { email: 'not-an-address' } });
  t.is(bad.status, 422);
  const contact = await app.request('POST', `/api/v1/chat/${chat.ticketId}/contact`, { token: v.token, body: { email: 'olga@example.com' } });
  t.is(contact.status, 200, JSON.stringify(contact.body));
  t.is((await app.db('customers').where({ id: v.customerId }).first()).email, 'olga@example.com');

  const sent = await app.request('POST', `/api/v1/chat/${chat.ticketId}/transcript`, { token: v.token });
  t.is(sent.status, 202);
  const again = await app.request('POST', `/api/v1/chat/${chat.ticketId}/transcript`, { token: v.token });
  t.is(again.body.outboundMessageId, sent.body.outboundMessageId, 'asking twice queues one email');
  const jobs = await app.db.raw(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'email_send' AND key = ?`, [`email-send:${sent.body.outboundMessageId}`]);
  t.is(jobs.rows[0].n, 1, 'a durable email_send job is queued');

  // What the email_send job does: hand the queued message to the real email sender (SMTP relay above).
  const sender = createEmailSender({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), storage: localStorage(join(app.dataDir, 'attachments')) });
  try {
    t.is(await sendQueued(app.db, { email: sender }, sent.body.outboundMessageId, pino({ level: 'silent' })), 'sent');
  } finally {
    sender.close();
  }
  const mail = relayed.find((m) => /Transcript of your chat/.test(m.subject ?? ''));
  t.truthy(mail);
  t.is(mail!.to && 'value' in mail!.to ? mail!.to.value[0]!.address : null, 'olga@example.com');
  t.regex(mail!.text ?? '', /Olga Offline: NOBODY there\? My invoice is wrong/);
  t.regex(mail!.text ?? '', /Olga Offline: Invoice 99, charged twice/);
  await closeAll(customer);
});

test.serial('outside the team calendar\'s business hours the chat becomes an email ticket at once', async (t) => {
  const { app } = t.context;
  const customer = await createCustomer(app.db);
  const chat = await startChat(app, customer.token, 'AFTERHOURS question');
  t.deepEqual([chat.state, chat.offlineReason, chat.channel], ['offline', 'outside_hours', 'email']);
  const socket = await connect(app.url, chat.ticketId, { token: customer.token });
  t.is(socket.ready.chat.offlineReason, 'outside_hours');
  // A signed-in customer has an address already: the transcript can go out without asking for one.
  t.is((await app.request('POST', `/api/v1/chat/${chat.ticketId}/transcript`, { token: customer.token })).status, 202);
  await closeAll(socket);
});

test.serial('two gateway instances on the same database deliver chat messages across processes', async (t) => {
  const { app } = t.context;
  const second = createApp({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), storage: localStorage(join(app.dataDir, 'attachments')), engine: app.engine });
  const server: Server = second.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const secondUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const v = await visitor(app);
    const chat = await startChat(app, v.token, 'Across processes');
    const agent = agentFor(t.context, chat.assigneeId);
    const customer = await connect(app.url, chat.ticketId, { visitorToken: v.token });
    const staff = await connect(secondUrl, chat.ticketId, { token: agent.token });
    customer.send({ type: 'message', text: 'from instance one' });
    t.is((await staff.next((e) => e.type === 'message')).entry.bodyText, 'from instance one');
    staff.send({ type: 'message', text: 'from instance two' });
    t.is((await customer.next((e) => e.type === 'message' && e.entry.bodyText === 'from instance two')).entry.kind, 'public_reply');
    staff.send({ type: 'typing', typing: true });
    t.is((await customer.next((e) => e.type === 'typing')).by.id, agent.id);
    await closeAll(customer, staff);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
