import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { Logger, run, type Runner } from 'graphile-worker';
import pino from 'pino';
import { createTaskList } from '../../activities/tasks';
import { deliveryJobKey } from '../../services/webhooks/webhook.jobs';
import { verifyWebhookSignature } from '../../services/webhooks/webhook.signature';
import { createCustomer, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';
import { count } from '../helpers/db';

// Six retries over ~6.3 s: long enough to outlast a short outage, short enough to exhaust inside one test.
const RETRY_SCHEDULE = [100, 200, 400, 800, 1600, 3200];
const TIMEOUT_MS = 1000;

type Ctx = { app: TestApp; runner: Runner; admin: TestWorker; agent: TestWorker; supervisor: TestWorker; customer: TestCustomer; receivers: Receiver[] };
const test = anyTest as TestFn<Ctx>;

/** One HTTP request the receiver answered 2xx, kept raw so signatures are checked on the exact bytes. */
type Received = { rawBody: string; body: { id: number; type: string; occurredAt: string; data: any }; headers: IncomingMessage['headers'] };

type Receiver = {
  url: string;
  received: Received[];
  /** Requests answered 503 (mode `fail`) or never answered (mode `hang`). */
  refused: number;
  setMode: (mode: 'ok' | 'fail' | 'hang') => void;
  down: () => Promise<void>;
  up: () => Promise<void>;
  stop: () => Promise<void>;
};

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });

/** A real webhook receiver on 127.0.0.1 that can answer 503 or stop listening altogether, then come back on the same port. */
async function startReceiver(t: ExecutionContext<Ctx>): Promise<Receiver> {
  let mode: 'ok' | 'fail' | 'hang' = 'ok';
  const state = { received: [] as Received[], refused: 0 };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (mode !== 'ok') {
        state.refused++;
        if (mode === 'fail') res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
        return;
      }
      const rawBody = Buffer.concat(chunks).toString('utf8');
      state.received.push({ rawBody, body: JSON.parse(rawBody), headers: req.headers });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
    });
  };
  let server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks/lantern`,
    get received() { return state.received; },
    get refused() { return state.refused; },
    setMode: (m) => { mode = m; },
    down: () => closeServer(server),
    up: async () => {
      server = createServer(handler);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    stop: () => closeServer(server),
  };
  t.context.receivers.push(receiver);
  return receiver;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test.before(async (t) => {
  const app = await startTestApp({ LANTERN_WEBHOOK_RETRY_SCHEDULE_MS: RETRY_SCHEDULE.join(','), LANTERN_WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS) });
  const runner = await run({
    connectionString: app.dbUrl,
    taskList: createTaskList({ db: app.db, config: app.config, logger: pino({ level: 'silent' }) }),
    concurrency: 2,
    noHandleSignals: true,
    crontab: '',
    pollInterval: 100,
    logger: new Logger(() => () => {}),
  });
  t.context = {
    app, runner, receivers: [],
    admin: await createWorker(app.db, { role: 'admin' }),
    agent: await createWorker(app.db, { role: 'agent' }),
    supervisor: await createWorker(app.db, { role: 'supervisor' }),
    customer: await createCustomer(app.db),
  };
});

// Each test subscribes its own webhooks; removing them afterwards keeps later tests' traffic out of them.
test.afterEach.always(async (t) => {
  await t.context.app.db('webhooks').delete();
  for (const r of t.context.receivers.splice(0)) await r.stop();
});

test.after.always(async (t) => {
  await t.context.runner?.stop();
  await t.context.app?.close();
});

async function subscribe(t: ExecutionContext<Ctx>, url: string, eventTypes: string[], extra: Record<string, unknown> = {}) {
  const res = await t.context.app.request('POST', '/api/v1/webhooks', { token: t.context.admin.token, body: { url, eventTypes, ...extra } });
  t.is(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: number; secret: string; version: number; eventTypes: string[] };
}

async function createTicket(t: ExecutionContext<Ctx>, extra: Record<string, unknown> = {}) {
  const res = await t.context.app.request('POST', '/api/v1/tickets', {
    token: t.context.admin.token, body: { subject: 'Webhook test', requesterId: t.context.customer.id, ...extra },
  });
  t.is(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: number; version: number };
}

const deliveriesOf = (app: TestApp, webhookId: number) => app.db('webhook_deliveries').where({ webhook_id: webhookId }).orderBy('id');

/** Outbox events about these tickets, once every one of them has been fanned out. */
async function dispatchedEvents(app: TestApp, ticketIds: number[]) {
  return waitFor('outbox dispatch', async () => {
    const rows = await app.db('outbox').where({ entity_type: 'ticket' }).whereIn('entity_id', ticketIds.map(String)).orderBy('id');
    return rows.length > 0 && rows.every((r) => r.dispatched_at) && rows;
  });
}

test.serial('a receiver that is down loses nothing: failures are logged, then every event arrives once with a valid signature', async (t) => {
  const { app, admin } = t.context;
  const receiver = await startReceiver(t);
  const hook = await subscribe(t, receiver.url, ['ticket.created', 'ticket.updated', 'status.changed']);
  await receiver.down();

  const solved = await app.db('statuses').where({ category: 'solved' }).first('id');
  const tickets = [];
  for (let i = 0; i < 3; i++) {
    const ticket = await createTicket(t);
    const res = await app.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: admin.token, body: { statusId: solved.id, version: ticket.version } });
    t.is(res.status, 200);
    tickets.push(ticket.id);
  }
  const events = await dispatchedEvents(app, tickets);
  t.deepEqual([...new Set(events.map((e) => e.event_type))].sort(), ['status.changed', 'ticket.created', 'ticket.updated']);
  t.is(events.length, 9);

  // Down: every delivery fails several times, each failure logged with its error.
  await waitFor('three failed attempts per delivery', async () => {
    const rows = await deliveriesOf(app, hook.id);
    return rows.length === 9 && rows.every((d) => d.attempts >= 3 && d.status === 'pending');
  });
  const failures = await app.db('webhook_delivery_attempts as a').join('webhook_deliveries as d', 'd.id', 'a.delivery_id')
    .where('d.webhook_id', hook.id).select('a.*');
  t.true(failures.length >= 27);
  t.true(failures.every((a) => a.status_code === null && /ECONNREFUSED/.test(a.error)), JSON.stringify(failures[0]));
  t.is(receiver.received.length, 0);

  // Up: the next scheduled retry delivers everything.
  await receiver.up();
  const delivered = await waitFor('all deliveries succeeded', async () => {
    const rows = await deliveriesOf(app, hook.id);
    return rows.every((d) => d.status === 'succeeded') && rows;
  });
  const received = receiver.received;
  t.deepEqual(received.map((r) => r.body.id).sort((a, b) => a - b), events.map((e) => e.id), 'each event exactly once');
  for (const r of received) {
    const verified = verifyWebhookSignature({ secret: hook.secret, body: r.rawBody, header: r.headers['lantern-signature'] as string });
    t.true(verified.ok, JSON.stringify(verified));
    t.is(r.headers['lantern-signature'], `t=${r.headers['lantern-timestamp']},v1=${(r.headers['lantern-signature'] as string).split('v1=')[1]}`);
    t.is(r.headers['lantern-event'], r.body.type);
    t.is(r.headers['content-type'], 'application/json');
    const delivery = delivered.find((d) => d.id === Number(r.headers['lantern-delivery']));
    t.is(delivery?.outbox_id, r.body.id);
    t.is(Number(r.headers['lantern-attempt']), delivery?.attempts);
    const event = events.find((e) => e.id === r.body.id)!;
    t.is(r.body.type, event.event_type);
    t.is(r.body.occurredAt, event.occurred_at.toISOString());
    t.deepEqual(r.body.data, event.payload);
    t.true(tickets.includes(r.body.data.ticket.id));
  }

  // The log through the API: attempts oldest first, failures then the success.
  const first = delivered[0]!;
  const detail = await app.request('GET', `/api/v1/webhooks/${hook.id}/deliveries/${first.id}`, { token: admin.token });
  t.is(detail.status, 200);
  t.is(detail.body.status, 'succeeded');
  t.is(detail.body.attempts.length, detail.body.attemptCount);
  t.true(detail.body.attemptCount >= 4);
  t.deepEqual(detail.body.attempts.map((a: any) => a.attempt), Array.from({ length: detail.body.attemptCount }, (_, i) => i + 1));
  const last = detail.body.attempts.at(-1);
  t.is(last.statusCode, 200);
  t.is(last.responseExcerpt, 'thanks');
  t.is(last.error, null);
  t.true(detail.body.attempts.slice(0, -1).every((a: any) => a.statusCode === null && a.error));
  t.is(detail.body.payload.id, first.outbox_id);
  t.truthy(detail.body.completedAt);
  t.is(detail.body.nextAttemptAt, null);
});

test.serial('a receiver answering 503 is retried; status code and response excerpt are logged', async (t) => {
  const { app, admin } = t.context;
  const receiver = await startReceiver(t);
  const hook = await subscribe(t, receiver.url, ['ticket.deleted']);
  receiver.setMode('fail');
  const ping = await app.request('POST', `/api/v1/webhooks/${hook.id}/ping`, { token: admin.token });
  t.is(ping.status, 202);
  t.is(ping.body.event.type, 'webhook.ping');
  t.is(ping.body.status, 'pending');
  await waitFor('two failed attempts', async () => (await app.db('webhook_deliveries').where({ id: ping.body.id }).first()).attempts >= 2);
  receiver.setMode('ok');
  await waitFor('ping delivered', async () => (await app.db('webhook_deliveries').where({ id: ping.body.id }).first()).status === 'succeeded');
  const detail = await app.request('GET', `/api/v1/webhooks/${hook.id}/deliveries/${ping.body.id}`, { token: admin.token });
  const failed = detail.body.attempts.slice(0, -1);
  t.true(failed.length >= 2);
  t.is(receiver.refused, failed.length);
  for (const a of failed) {
    t.is(a.statusCode, 503);
    t.is(a.error, 'HTTP 503');
    t.is(a.responseExcerpt, 'down for maintenance');
    t.true(a.durationMs >= 0);
  }
  t.is(receiver.received.length, 1);
  const [got] = receiver.received;
  t.is(got!.body.type, 'webhook.ping');
  t.deepEqual(got!.body.data, { webhook: { id: hook.id, url: receiver.url } });
  t.true(verifyWebhookSignature({ secret: hook.secret, body: got!.rawBody, header: got!.headers['lantern-signature'] as string }).ok);
});

test.serial('a receiver that never answers is cut off at the timeout and retried', async (t) => {
  const { app, admin } = t.context;
  const receiver = await startReceiver(t);
  const hook = await subscribe(t, receiver.url, ['ticket.deleted']);
  receiver.setMode('hang');
  const ping = await app.request('POST', `/api/v1/webhooks/${hook.id}/ping`, { token: admin.token });
  await waitFor('a timed-out attempt', async () => (await app.db('webhook_deliveries').where({ id: ping.body.id }).first()).attempts >= 1);
  receiver.setMode('ok');
  await waitFor('delivered after the timeout', async () => (await app.db('webhook_deliveries').where({ id: ping.body.id }).first()).status === 'succeeded');
  const [first] = await app.db('webhook_delivery_attempts').where({ delivery_id: ping.body.id }).orderBy('attempt');
  t.is(first.status_code, null);
  t.is(first.error, `timed out after ${TIMEOUT_MS} ms`);
  t.true(first.duration_ms >= TIMEOUT_MS - 50, `took ${first.duration_ms} ms`);
  t.is(receiver.received.length, 1);
});

test.serial('disabling a webhook stops its pending deliveries; they stay in the log as failed', async (t) => {
  const { app, admin } = t.context;
  const receiver = await startReceiver(t);
  const hook = await subscribe(t, receiver.url, ['ticket.created']);
  await receiver.down();
  await createTicket(t);
  const [pending] = await waitFor('a failed attempt', async () => {
    const rows = await deliveriesOf(app, hook.id);
    return rows.length === 1 && rows[0].attempts >= 1 && rows;
  });
  const off = await app.request('PATCH', `/api/v1/webhooks/${hook.id}`, { token: admin.token, body: { active: false } });
  t.is(off.status, 200);
  t.false(off.body.active);
  await receiver.up();
  const failed = await waitFor('delivery failed', async () => {
    const d = await app.db('webhook_deliveries').where({ id: pending.id }).first();
    return d.status === 'failed' && d;
  });
  // The receiver was up again before the next retry, so any attempt made while disabled would have arrived.
  await new Promise((r) => setTimeout(r, 300));
  t.is(receiver.received.length, 0);
  const attempts = await app.db('webhook_delivery_attempts').where({ delivery_id: pending.id });
  t.is(attempts.length, failed.attempts);
  t.true(attempts.every((a) => /ECONNREFUSED/.test(a.error)));
  const ping = await app.request('POST', `/api/v1/webhooks/${hook.id}/ping`, { token: admin.token });
  t.is(ping.status, 409);
});

test.serial('retries stop when the schedule is used up: the delivery fails, and a replay delivers it later', async (t) => {
  const { app, admin } = t.context;
  const receiver = await startReceiver(t);
  const hook = await subscribe(t, receiver.url, ['*']);
  await receiver.down();
  const ping = await app.request('POST', `/api/v1/webhooks/${hook.id}/ping`, { token: admin.token });
  const failed = await waitFor('delivery failed', async () => {
    const d = await app.db('webhook_deliveries').where({ id: ping.body.id }).first();
    return d.status === 'failed' && d;
  }, 40_000);
  t.is(failed.attempts, RETRY_SCHEDULE.length + 1);
  t.is(failed.next_attempt_at, null);
  t.truthy(failed.completed_at);
  const attempts = await app.db('webhook_delivery_attempts').where({ delivery_id: failed.id }).orderBy('attempt');
  t.deepEqual(attempts.map((a) => a.attempt), [1, 2, 3, 4, 5, 6, 7]);
  // The gaps follow the schedule (never shorter than configured).
  for (let i = 1; i < attempts.length; i++) {
    const gap = attempts[i]!.attempted_at.getTime() - attempts[i - 1]!.attempted_at.getTime();
    t.true(gap >= RETRY_SCHEDULE[i - 1]! - 5, `gap ${i} was ${gap} ms`);
  }
  const pending = await app.db.raw(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = ?`, [deliveryJobKey(failed.id)]);
  t.is(pending.rows[0].n, 0, 'no job left for a failed delivery');

  await receiver.up();
  const replay = await app.request('POST', `/api/v1/webhooks/${hook.id}/deliveries/${failed.id}/replay`, { token: admin.token });
  t.is(replay.status, 202);
  await waitFor('replay delivered', async () => (await app.db('webhook_deliveries').where({ id: replay.body.id }).first()).status === 'succeeded');
  t.is(receiver.received.length, 1);
  t.is(receiver.received[0]!.body.id, failed.outbox_id);
  t.is((await app.db('webhook_deliveries').where({ id: failed.id }).first()).status, 'failed', 'the original keeps its own history');
});

test.serial('replay sends the same event again as a new delivery pointing at the original', async (t) => {
  const { app, admin } = t.context;
  const receiver = await startReceiver(t);
  const hook = await subscribe(t, receiver.url, ['ticket.created']);
  const ticket = await createTicket(t);
  const original = await waitFor('original delivered', async () => {
    const [d] = await deliveriesOf(app, hook.id);
    return d?.status === 'succeeded' && d;
  });
  const replay = await app.request('POST', `/api/v1/webhooks/${hook.id}/deliveries/${original.id}/replay`, { token: admin.token });
  t.is(replay.status, 202);
  t.is(replay.body.replayOf, original.id);
  t.is(replay.body.event.id, original.outbox_id);
  t.not(replay.body.id, original.id);
  await waitFor('replay delivered', async () => (await app.db('webhook_deliveries').where({ id: replay.body.id }).first()).status === 'succeeded');
  // Replaying a replay still points at the original.
  const again = await app.request('POST', `/api/v1/webhooks/${hook.id}/deliveries/${replay.body.id}/replay`, { token: admin.token });
  t.is(again.body.replayOf, original.id);
  await waitFor('second replay delivered', async () => (await app.db('webhook_deliveries').where({ id: again.body.id }).first()).status === 'succeeded');

  t.is(receiver.received.length, 3);
  t.true(receiver.received.every((r) => r.body.id === original.outbox_id && r.body.data.ticket.id === ticket.id));
  t.deepEqual(receiver.received.map((r) => Number(r.headers['lantern-delivery'])), [original.id, replay.body.id, again.body.id]);
  t.true(receiver.received.every((r) => verifyWebhookSignature({ secret: hook.secret, body: r.rawBody, header: r.headers['lantern-signature'] as string }).ok));
  const audit = await app.db('audit_log').where({ action: 'webhook_delivery.replay', entity_id: String(replay.body.id) }).first();
  t.is(audit.actor_id, admin.id);

  const missing = await app.request('POST', `/api/v1/webhooks/${hook.id}/deliveries/999999/replay`, { token: admin.token });
  t.is(missing.status, 404);
  await app.request('PATCH', `/api/v1/webhooks/${hook.id}`, { token: admin.token, body: { active: false } });
  const disabled = await app.request('POST', `/api/v1/webhooks/${hook.id}/deliveries/${original.id}/replay`, { token: admin.token });
  t.is(disabled.status, 409);
  t.is(disabled.headers.get('content-type'), 'application/problem+json');
});

test.serial('dispatch is idempotent: running outbox_dispatch again for an event creates no second delivery', async (t) => {
  const { app } = t.context;
  const receiver = await startReceiver(t);
  const hook = await subscribe(t, receiver.url, ['ticket.created']);
  const ticket = await createTicket(t);
  const [event] = await dispatchedEvents(app, [ticket.id]);
  await waitFor('delivered', async () => receiver.received.length === 1);
  // Simulate a crash after the fan-out committed but before the job was marked done, twice over.
  await app.db('outbox').where({ id: event!.id }).update({ dispatched_at: null });
  await app.db.raw(`SELECT graphile_worker.add_job('outbox_dispatch', json_build_object('outboxId', ?::bigint))`, [event!.id]);
  await app.db.raw(`SELECT graphile_worker.add_job('outbox_dispatch', json_build_object('outboxId', ?::bigint))`, [event!.id]);
  await waitFor('re-dispatched', async () => (await app.db('outbox').where({ id: event!.id }).first()).dispatched_at);
  await waitFor('dispatch jobs finished', async () => {
    const { rows } = await app.db.raw(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'outbox_dispatch'`);
    return rows[0].n === 0;
  });
  t.is(await count(app.db('webhook_deliveries').where({ webhook_id: hook.id, outbox_id: event!.id })), 1);
  await new Promise((r) => setTimeout(r, 300));
  t.is(receiver.received.length, 1);
});

test.serial('event-type filtering: each webhook gets only what it subscribed to; disabled webhooks get nothing', async (t) => {
  const { app } = t.context;
  const messagesOnly = await startReceiver(t);
  const everything = await startReceiver(t);
  const off = await startReceiver(t);
  const a = await subscribe(t, messagesOnly.url, ['message.created']);
  const b = await subscribe(t, everything.url, ['*']);
  const c = await subscribe(t, off.url, ['*'], { active: false });
  const ticket = await createTicket(t, { message: { bodyText: 'Hello there' } });
  const events = await dispatchedEvents(app, [ticket.id]);
  t.deepEqual(events.map((e) => e.event_type), ['ticket.created', 'message.created']);
  await waitFor('deliveries done', async () => {
    const rows = await app.db('webhook_deliveries').whereIn('webhook_id', [a.id, b.id]);
    return rows.length === 3 && rows.every((d) => d.status === 'succeeded');
  });
  t.deepEqual(messagesOnly.received.map((r) => r.body.type), ['message.created']);
  t.deepEqual(everything.received.map((r) => r.body.type).sort(), ['message.created', 'ticket.created']);
  t.is(messagesOnly.received[0]!.body.data.entry.bodyText, 'Hello there');
  t.is(await count(app.db('webhook_deliveries').where({ webhook_id: c.id })), 0);
  t.is(off.received.length, 0);
});

test.serial('a write that is rejected publishes nothing', async (t) => {
  const { app, admin, customer } = t.context;
  const before = await count(app.db('outbox'));
  const res = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'Bad', requesterId: customer.id, statusId: 999999 } });
  t.is(res.status, 422);
  t.is(await count(app.db('outbox')), before);
});

test.serial('the delivery log paginates with a cursor, newest first, and filters by status', async (t) => {
  const { app, admin } = t.context;
  const receiver = await startReceiver(t);
  const hook = await subscribe(t, receiver.url, ['*']);
  const tickets = [await createTicket(t, { message: { bodyText: 'one' } }), await createTicket(t, { message: { bodyText: 'two' } }), await createTicket(t)];
  await dispatchedEvents(app, tickets.map((x) => x.id));
  const all = await waitFor('deliveries done', async () => {
    const rows = await deliveriesOf(app, hook.id);
    return rows.length === 5 && rows.every((d) => d.status === 'succeeded') && rows;
  });
  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: any } = await app.request('GET', `/api/v1/webhooks/${hook.id}/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: admin.token });
    t.is(res.status, 200);
    t.true(res.body.data.length <= 2);
    seen.push(...res.body.data.map((d: any) => d.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 10);
  t.is(pages, 3);
  t.deepEqual(seen, all.map((d) => d.id).reverse());

  const succeeded = await app.request('GET', `/api/v1/webhooks/${hook.id}/deliveries?status=succeeded`, { token: admin.token });
  t.is(succeeded.body.data.length, 5);
  const pending = await app.request('GET', `/api/v1/webhooks/${hook.id}/deliveries?status=pending`, { token: admin.token });
  t.deepEqual(pending.body.data, []);
  t.is(pending.body.nextCursor, null);

  for (const bad of ['cursor=not-a-cursor', 'status=lost', 'limit=0', 'offset=10']) {
    const res = await app.request('GET', `/api/v1/webhooks/${hook.id}/deliveries?${bad}`, { token: admin.token });
    t.is(res.status, 422, bad);
    t.is(res.headers.get('content-type'), 'application/problem+json');
  }
  const otherHook = await subscribe(t, receiver.url, ['ticket.deleted']);
  const foreign = await app.request('GET', `/api/v1/webhooks/${otherHook.id}/deliveries/${all[0]!.id}`, { token: admin.token });
  t.is(foreign.status, 404, 'a delivery is only visible under its own webhook');
});

test.serial('bad URLs and event types are rejected field by field with 422 and nothing is stored', async (t) => {
  const { app, admin } = t.context;
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ url: 'ftp://example.com/hook', eventTypes: ['ticket.created'] }, 'url'],
    [{ url: 'https://user:pass@example.com/hook', eventTypes: ['ticket.created'] }, 'url'],
    [{ url: 'javascript:alert(1)', eventTypes: ['ticket.created'] }, 'url'],
    [{ url: 'not a url', eventTypes: ['ticket.created'] }, 'url'],
    [{ url: 'https://example.com/hook', eventTypes: ['ticket.exploded'] }, 'eventTypes.0'],
    [{ url: 'https://example.com/hook', eventTypes: [] }, 'eventTypes'],
    [{ url: 'https://example.com/hook', eventTypes: 'ticket.created' }, 'eventTypes'],
    [{ eventTypes: ['ticket.created'] }, 'url'],
    [{ url: 'https://example.com/hook', eventTypes: ['ticket.created'], secret: 'whsec_mine' }, 'secret'],
  ];
  for (const [body, path] of cases) {
    const res = await app.request('POST', '/api/v1/webhooks', { token: admin.token, body });
    t.is(res.status, 422, JSON.stringify(body));
    t.is(res.headers.get('content-type'), 'application/problem+json');
    t.true(res.body.errors.some((e: any) => e.path === path), `${JSON.stringify(body)} -> ${JSON.stringify(res.body.errors)}`);
  }
  t.is(await count(app.db('webhooks')), 0);

  const hook = await subscribe(t, 'https://example.com/hook', ['ticket.created', 'ticket.created', 'status.changed']);
  t.deepEqual(hook.eventTypes, ['status.changed', 'ticket.created'], 'duplicates dropped');
  const badPatch = await app.request('PATCH', `/api/v1/webhooks/${hook.id}`, { token: admin.token, body: { url: 'https://a:b@example.com' } });
  t.is(badPatch.status, 422);
  const empty = await app.request('PATCH', `/api/v1/webhooks/${hook.id}`, { token: admin.token, body: {} });
  t.is(empty.status, 422);
  const stale = await app.request('PATCH', `/api/v1/webhooks/${hook.id}`, { token: admin.token, body: { description: 'x', version: hook.version + 5 } });
  t.is(stale.status, 409);
  const stored = await app.db('webhooks').where({ id: hook.id }).first();
  t.is(stored.url, 'https://example.com/hook');
  t.is(stored.description, '');
  t.is((await app.request('GET', '/api/v1/webhooks/999999', { token: admin.token })).status, 404);
  t.is((await app.request('GET', '/api/v1/webhooks/abc', { token: admin.token })).status, 422);
});

test.serial('only admins manage webhooks', async (t) => {
  const { app, agent, supervisor, customer } = t.context;
  for (const who of [agent, supervisor, customer]) {
    const list = await app.request('GET', '/api/v1/webhooks', { token: who.token });
    t.is(list.status, 403);
    t.is(list.headers.get('content-type'), 'application/problem+json');
    const create = await app.request('POST', '/api/v1/webhooks', { token: who.token, body: { url: 'https://example.com', eventTypes: ['*'] } });
    t.is(create.status, 403);
  }
  t.is((await app.request('GET', '/api/v1/webhooks')).status, 401);
  t.is(await count(app.db('webhooks')), 0);
});

test.serial('CRUD: the secret is shown only at creation and rotation, every change is audited without it', async (t) => {
  const { app, admin } = t.context;
  const receiver = await startReceiver(t);
  const created = await subscribe(t, receiver.url, ['ticket.created'], { description: 'CRM sync' });
  t.regex(created.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
  const got = await app.request('GET', `/api/v1/webhooks/${created.id}`, { token: admin.token });
  t.is(got.status, 200);
  t.is(got.body.secret, undefined);
  t.is(got.body.description, 'CRM sync');
  const list = await app.request('GET', '/api/v1/webhooks', { token: admin.token });
  t.deepEqual(list.body.data.map((w: any) => w.id), [created.id]);
  t.false(JSON.stringify(list.body).includes(created.secret));

  const updated = await app.request('PATCH', `/api/v1/webhooks/${created.id}`, { token: admin.token, body: { eventTypes: ['*'], version: created.version } });
  t.is(updated.status, 200);
  t.deepEqual(updated.body.eventTypes, ['*']);
  t.is(updated.body.version, created.version + 1);

  const rotated = await app.request('POST', `/api/v1/webhooks/${created.id}/rotate-secret`, { token: admin.token });
  t.is(rotated.status, 200);
  t.regex(rotated.body.secret, /^whsec_/);
  t.not(rotated.body.secret, created.secret);
  const ping = await app.request('POST', `/api/v1/webhooks/${created.id}/ping`, { token: admin.token });
  await waitFor('ping delivered', async () => (await app.db('webhook_deliveries').where({ id: ping.body.id }).first()).status === 'succeeded');
  const [r] = receiver.received;
  const header = r!.headers['lantern-signature'] as string;
  t.true(verifyWebhookSignature({ secret: rotated.body.secret, body: r!.rawBody, header }).ok, 'signed with the new secret');
  t.deepEqual(verifyWebhookSignature({ secret: created.secret, body: r!.rawBody, header }), { ok: false, reason: 'signature_mismatch' });
  t.deepEqual(verifyWebhookSignature({ secret: rotated.body.secret, body: r!.rawBody.replace('webhook.ping', 'webhook.pong'), header }), { ok: false, reason: 'signature_mismatch' });

  const deleted = await app.request('DELETE', `/api/v1/webhooks/${created.id}`, { token: admin.token });
  t.is(deleted.status, 204);
  t.is((await app.request('GET', `/api/v1/webhooks/${created.id}`, { token: admin.token })).status, 404);
  t.is(await count(app.db('webhook_deliveries').where({ webhook_id: created.id })), 0);

  const audit = await app.db('audit_log').where({ entity_type: 'webhook', entity_id: String(created.id) }).orderBy('id');
  t.deepEqual(audit.map((a) => a.action), ['webhook.create', 'webhook.update', 'webhook.rotate_secret', 'webhook.delete']);
  t.true(audit.every((a) => a.actor_id === admin.id));
  const auditText = JSON.stringify(await app.db('audit_log').select('before', 'after', 'diff'));
  t.false(auditText.includes(created.secret));
  t.false(auditText.includes(rotated.body.secret));
});
