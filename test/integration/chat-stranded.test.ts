/**
 * Waiting chats stranded without agents (docs/chat.md "Decisions and limits"): when the last agent of the team goes
 * offline, or the routing sweep finds their shifts over, a waiting chat becomes an email ticket exactly like a chat
 * that starts with nobody there — `closed` event with `no_agent` / `outside_hours` to the customer's socket, the
 * transcript kept as the ticket's entries. A team whose agents are only full keeps its chats waiting.
 */
import anyTest, { type TestFn } from 'ava';
import WebSocket from 'ws';
import { runRoutingSweep } from '../../services/routing/routing-sweep.service';
import { createTeam, createWorker, startTestApp, type TestApp, type TestWorker } from '../helpers/app';

type Ctx = { app: TestApp; admin: TestWorker };
const test = anyTest as TestFn<Ctx>;
type Event = Record<string, any>;

/** A customer's chat socket that records every event. */
async function listen(app: TestApp, ticketId: number, visitorToken: string): Promise<{ ws: WebSocket; events: Event[] }> {
  const ws = new WebSocket(`${app.url.replace('http', 'ws')}/api/v1/chat/ws?${new URLSearchParams({ ticketId: String(ticketId), visitorToken })}`);
  const events: Event[] = [];
  ws.on('message', (d) => events.push(JSON.parse(String(d)) as Event));
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  await waitFor('ready', () => events.find((e) => e.type === 'ready'));
  return { ws, events };
}

async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function visitorChat(app: TestApp, message: string) {
  const v = await app.request('POST', '/api/v1/chat/visitor-token', { body: { name: 'Vera Visitor' } });
  const chat = await app.request('POST', '/api/v1/chat/sessions', { token: v.body.token, body: { message } });
  if (chat.status !== 201) throw new Error(JSON.stringify(chat.body));
  return { token: v.body.token as string, chat: chat.body as { ticketId: number; state: string; assigneeId: number | null } };
}

const ALL_DAY = [{ start: '00:00', end: '24:00' }];

async function teamWithAgent(t: { context: Ctx }, word: string): Promise<{ team: number; agent: TestWorker }> {
  const { app, admin } = t.context;
  const team = await createTeam(app.db);
  const agent = await createWorker(app.db, { role: 'agent', teamIds: [team] });
  const res = await app.request('PUT', `/api/v1/workers/${agent.id}/routing-profile`, {
    token: admin.token, body: { availability: 'online', capacity: 1, timeZone: 'UTC', shifts: { 1: ALL_DAY, 2: ALL_DAY, 3: ALL_DAY, 4: ALL_DAY, 5: ALL_DAY, 6: ALL_DAY, 7: ALL_DAY } },
  });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  const rule = await app.request('POST', '/api/v1/routing-rules', { token: admin.token, body: { name: word, conditions: [{ field: 'text', op: 'contains_any', values: [word] }], actions: { routeToTeam: team } } });
  if (rule.status !== 201) throw new Error(JSON.stringify(rule.body));
  return { team, agent };
}

test.before(async (t) => {
  const app = await startTestApp();
  t.context = { app, admin: await createWorker(app.db, { role: 'admin' }) };
});
test.after.always(async (t) => {
  await t.context.app?.close();
});

test.serial('the last agent going offline turns the waiting chat into an email ticket (no_agent); the active chat stays', async (t) => {
  const { app } = t.context;
  const { agent } = await teamWithAgent(t, 'OFFLINEWORD');
  const first = await visitorChat(app, 'OFFLINEWORD first');
  t.is(first.chat.assigneeId, agent.id);
  const second = await visitorChat(app, 'OFFLINEWORD second: my parcel is late');
  t.is(second.chat.state, 'waiting', 'the only agent is full');
  const socket = await listen(app, second.chat.ticketId, second.token);
  t.deepEqual((await runRoutingSweep(app.db, { now: Date.now(), offlineReassignMinutes: 30, lastRunAt: null })).convertedChats, [], 'full agents keep chats waiting');

  t.is((await app.request('PUT', '/api/v1/me/availability', { token: agent.token, body: { availability: 'offline' } })).status, 200);
  const closed = await waitFor('closed', () => socket.events.find((e) => e.type === 'closed'));
  t.like(closed, { reason: 'no_agent', emailTicket: true, needsEmail: true });
  t.like(await app.db('chat_sessions').where({ ticket_id: second.chat.ticketId }).first(), { state: 'offline', offline_reason: 'no_agent' });
  t.is((await app.db('tickets').where({ id: second.chat.ticketId }).first()).channel, 'email');
  const entries = await app.request('GET', `/api/v1/tickets/${second.chat.ticketId}/entries`, { token: t.context.admin.token });
  t.deepEqual(entries.body.data.map((e: Event) => e.kind), ['customer_message', 'system_event'], 'the transcript stays as the ticket history');
  t.truthy(await app.db('audit_log').where({ action: 'chat.offline', entity_id: String(second.chat.ticketId) }).first());
  t.like(await app.db('chat_sessions').where({ ticket_id: first.chat.ticketId }).first(), { state: 'active' }, 'an assigned chat is not converted');
  t.is((await app.db('tickets').where({ id: first.chat.ticketId }).first()).channel, 'chat');
  socket.ws.close();
});

test.serial('the routing sweep converts a waiting chat whose agents are off shift (outside_hours), once', async (t) => {
  const { app, admin } = t.context;
  const { agent } = await teamWithAgent(t, 'SHIFTWORD');
  await visitorChat(app, 'SHIFTWORD first');
  const waiting = await visitorChat(app, 'SHIFTWORD second');
  t.is(waiting.chat.state, 'waiting');
  const socket = await listen(app, waiting.chat.ticketId, waiting.token);

  // The shift is only on another weekday: the agent is online but off shift now.
  const today = ((new Date().getUTCDay() + 6) % 7) + 1;
  const other = (today % 7) + 1;
  const res = await app.request('PUT', `/api/v1/workers/${agent.id}/routing-profile`, {
    token: admin.token, body: { availability: 'online', capacity: 1, timeZone: 'UTC', shifts: { [other]: [{ start: '09:00', end: '10:00' }] } },
  });
  t.is(res.status, 200, JSON.stringify(res.body));
  const sweep = await runRoutingSweep(app.db, { now: Date.now(), offlineReassignMinutes: 30, lastRunAt: null });
  t.deepEqual(sweep.convertedChats, [waiting.chat.ticketId]);
  const closed = await waitFor('closed', () => socket.events.find((e) => e.type === 'closed'));
  t.like(closed, { reason: 'outside_hours', emailTicket: true });
  t.like(await app.db('chat_sessions').where({ ticket_id: waiting.chat.ticketId }).first(), { state: 'offline', offline_reason: 'outside_hours' });
  t.deepEqual((await runRoutingSweep(app.db, { now: Date.now(), offlineReassignMinutes: 30, lastRunAt: null })).convertedChats, [], 'converted once');
  t.is(await app.db('conversation_entries').where({ ticket_id: waiting.chat.ticketId, kind: 'system_event' }).count<{ n: string }[]>('* as n').then((r) => Number(r[0]!.n)), 1);
  socket.ws.close();
});
