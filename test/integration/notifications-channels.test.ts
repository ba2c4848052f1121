/**
 * Proactive notifications (docs/notifications.md) end to end: customers' channel preferences through the API; a
 * status notice fanned out to email (a real SMTP sink as the relay) and SMS (the real sms-twilio plugin, started
 * by the plugin host, talking to the Twilio stand-in), idempotent under retries; web push to a local stand-in push
 * service that checks the VAPID header and whose payload the test decrypts itself (RFC 8291, `http_ece`); reply
 * notices by web push; and workers' email alerts for a mention through the email_send job.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import anyTest, { type TestFn } from 'ava';
import { Logger, run, type Runner } from 'graphile-worker';
import { simpleParser, type ParsedMail } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { createEmailSender } from '../../activities/email/email-sender';
import { createLifecycleActivities } from '../../activities/lifecycle';
import type { LifecycleActivities } from '../../activities/lifecycle/lifecycle-activities';
import { createCustomerChannels } from '../../activities/notifications/customer-channels';
import { createTaskList } from '../../activities/tasks';
import { startPluginRuntime, type PluginRuntime } from '../../services/plugins/plugin-runtime';
import { localStorage } from '../../services/storage/local-storage';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio.fake';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';
import { waitFor } from '../helpers/plugins';

const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(buffer: Buffer, params: { version: 'aes128gcm'; privateKey: ReturnType<typeof createECDH>; authSecret: string }): Buffer;
};

type PushRequest = { path: string; headers: IncomingMessage['headers']; body: Buffer };
type PushService = { url: string; requests: PushRequest[]; answer: number; server: Server };

type Ctx = {
  app: TestApp; runner: Runner; runtime: PluginRuntime; twilio: TwilioFake; relay: SMTPServer; relayed: ParsedMail[];
  push: PushService; admin: TestWorker; agent: TestWorker; team: number;
  sender: ReturnType<typeof createEmailSender>; activities: LifecycleActivities;
};
const test = anyTest as TestFn<Ctx>;
const silent = pino({ level: 'silent' });
const PHONE = '+14155550177';
let seq = 0;

/** A stand-in push service (RFC 8030): records each POST and answers `answer` (201 unless a test changes it). */
async function startPushService(): Promise<PushService> {
  const svc = { url: '', requests: [] as PushRequest[], answer: 201, server: null as unknown as Server };
  svc.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      svc.requests.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = svc.answer;
      res.end();
    });
  });
  await new Promise<void>((r) => svc.server.listen(0, '127.0.0.1', r));
  svc.url = `http://127.0.0.1:${(svc.server.address() as AddressInfo).port}`;
  return svc;
}

/** What a browser does on subscribe: its own P-256 key pair and auth secret, an endpoint at the push service. */
function browserSubscription(push: PushService) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16).toString('base64url');
  return { ecdh, auth, body: { endpoint: `${push.url}/push/${randomBytes(8).toString('hex')}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth } } };
}

const manifest = (id: string) => JSON.parse(readFileSync(new URL(`../../plugins/${id}/manifest.json`, import.meta.url), 'utf8')) as { permissions: string[] };

test.before(async (t) => {
  const relayed: ParsedMail[] = [];
  const relay = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
    onData(stream, _s, cb) {
      simpleParser(stream).then((m) => { relayed.push(m); cb(); }, cb);
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
  const app = await startTestApp({
    LANTERN_SMTP_RELAY_URL: `smtp://127.0.0.1:${(relay.server.address() as AddressInfo).port}`, LANTERN_EMAIL_DOMAIN: 'notify.test',
    LANTERN_PUSH_ALLOW_HTTP_ENDPOINTS: 'true', LANTERN_PLUGIN_RATE_LIMIT_PER_SECOND: '5000',
  });
  app.config.http.publicUrl = app.url;
  const admin = await createWorker(app.db, { role: 'admin' });
  const agent = await createWorker(app.db, { role: 'agent' });
  const team = await createTeam(app.db);
  await app.db('team_members').insert([{ team_id: team, worker_id: agent.id }]).onConflict().ignore();
  const address = await app.request('POST', '/api/v1/email/addresses', { token: admin.token, body: { address: 'help@notify.test', displayName: 'Help', teamId: team } });
  if (address.status !== 201) throw new Error(JSON.stringify(address.body));
  const sender = createEmailSender({ db: app.db, config: app.config, logger: silent, storage: localStorage(`${app.dataDir}/attachments`) });
  const runner = await run({
    connectionString: app.dbUrl, taskList: createTaskList({ db: app.db, config: app.config, logger: silent, emailSender: sender }),
    concurrency: 4, noHandleSignals: true, crontab: '', pollInterval: 100, logger: new Logger(() => () => {}),
  });
  const runtime = startPluginRuntime({
    db: app.db, connectionString: app.dbUrl, config: app.config, logger: silent, retryMs: 200,
    supervisor: { healthIntervalMs: 2_000, backoffBaseMs: 100, backoffMaxMs: 1_000, crashLoopCount: 20 },
  });
  await runtime.ready;
  const [twilio, push] = await Promise.all([startTwilioFake(), startPushService()]);
  const activities = createLifecycleActivities({ db: app.db, config: app.config, logger: silent, channels: createCustomerChannels({ db: app.db, config: app.config, logger: silent, email: sender }) });
  t.context = { app, runner, runtime, twilio, relay, relayed, push, admin, agent, team, sender, activities };

  const installed = await app.request('POST', '/api/v1/plugins', {
    token: admin.token,
    body: { pluginId: 'sms-twilio', source: 'builtin', approvedPermissions: manifest('sms-twilio').permissions, config: { accountSid: twilio.accountSid, authToken: twilio.authToken, fromNumber: twilio.number, apiBaseUrl: twilio.url } },
  });
  if (installed.status !== 201) throw new Error(JSON.stringify(installed.body));
  await waitFor('sms-twilio serving', async () => {
    const row = await app.db('plugin_installations').where({ plugin_id: 'sms-twilio' }).first();
    return row?.status === 'running' && row.health === 'serving';
  }, 60_000);
});

test.after.always(async (t) => {
  const c = t.context;
  await c.runtime?.stop();
  await c.runner?.stop();
  c.sender?.close();
  await c.twilio?.close();
  await new Promise<void>((r) => (c.push ? c.push.server.close(() => r()) : r()));
  await new Promise<void>((r) => (c.relay ? c.relay.close(() => r()) : r()));
  await c.app?.close();
});

async function newTicket(t: { context: Ctx }, customer: TestCustomer, channel = 'web'): Promise<{ id: number; number: number }> {
  const { app, admin, team } = t.context;
  const res = await app.request('POST', '/api/v1/tickets', {
    token: admin.token, body: { subject: `Printer ${++seq}`, requesterId: customer.id, teamId: team, channel, message: { bodyText: 'It is broken' } },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

type NoticeResult = { skipped?: unknown; delivery?: unknown; repeated?: boolean };
const notify = async (a: LifecycleActivities, args: Parameters<LifecycleActivities['notify_customer']>[0]) => (await a.notify_customer(args)) as NoticeResult;

const statusNotice = (ticketId: number) => ({
  ticketId: String(ticketId), channel: 'web', template: 'ticket_solved', reason: 'status' as const, statusCategory: 'solved' as const, reminderNumber: null,
});

test.serial('preferences: defaults, replace, validation, staff access and who may call what', async (t) => {
  const { app, admin, agent } = t.context;
  const customer = await createCustomer(app.db);
  const me = await app.request('GET', '/api/v1/me/notification-preferences', { token: customer.token });
  t.is(me.status, 200);
  t.deepEqual(me.body, { channels: [], statusUpdates: true, replies: true });

  const put = await app.request('PUT', '/api/v1/me/notification-preferences', { token: customer.token, body: { channels: ['web_push', 'email', 'web_push'], statusUpdates: false, replies: true } });
  t.is(put.status, 200);
  t.deepEqual(put.body, { channels: ['web_push', 'email'], statusUpdates: false, replies: true }, 'duplicates dropped, order kept');
  t.deepEqual((await app.request('GET', `/api/v1/customers/${customer.id}/notification-preferences`, { token: agent.token })).body, put.body);
  const audit = await app.db('audit_log').where({ action: 'customer.notification_preferences_update', entity_id: String(customer.id) }).first();
  t.truthy(audit, 'audited');

  const bad = await app.request('PUT', '/api/v1/me/notification-preferences', { token: customer.token, body: { channels: ['pigeon'], statusUpdates: true, replies: true } });
  t.is(bad.status, 422);
  t.is(bad.headers.get('content-type')?.split(';')[0], 'application/problem+json');
  t.true(JSON.stringify(bad.body).includes('channels'), JSON.stringify(bad.body));
  t.is((await app.request('PUT', '/api/v1/me/notification-preferences', { token: customer.token, body: { channels: [], statusUpdates: true, replies: true, extra: 1 } })).status, 422);
  t.is((await app.request('PUT', '/api/v1/me/notification-preferences', { token: customer.token, body: { channels: [] } })).status, 422);
  t.deepEqual((await app.request('GET', '/api/v1/me/notification-preferences', { token: customer.token })).body.channels, ['web_push', 'email'], 'bad input wrote nothing');

  t.is((await app.request('GET', '/api/v1/me/notification-preferences', { token: agent.token })).status, 400, 'workers have no customer preferences (a request error: they hold self)');
  t.is((await app.request('GET', `/api/v1/customers/${customer.id}/notification-preferences`, { token: customer.token })).status, 403);
  const staffPut = await app.request('PUT', `/api/v1/customers/${customer.id}/notification-preferences`, { token: admin.token, body: { channels: ['sms'], statusUpdates: true, replies: false } });
  t.is(staffPut.status, 200);
  t.is((await app.request('GET', '/api/v1/customers/999999/notification-preferences', { token: admin.token })).status, 404);

  const alerts = await app.request('GET', '/api/v1/me/alert-settings', { token: agent.token });
  t.is(alerts.status, 200);
  t.false(alerts.body.email);
  t.is((await app.request('PUT', '/api/v1/me/alert-settings', { token: agent.token, body: { email: true, kinds: ['nonsense'] } })).status, 422);
  t.is((await app.request('GET', '/api/v1/me/alert-settings', { token: customer.token })).status, 400);
});

test.serial('a status notice goes by email (SMTP) and SMS (Twilio plugin); an unreachable channel is skipped with a reason; retries send nothing twice', async (t) => {
  const { app, activities, twilio, relayed } = t.context;
  const customer = await createCustomer(app.db);
  await app.db('customer_channel_identities').insert({ customer_id: customer.id, channel: 'sms', address: PHONE, display_name: '' });
  t.is((await app.request('PUT', '/api/v1/me/notification-preferences', { token: customer.token, body: { channels: ['telegram', 'email', 'sms'], statusUpdates: true, replies: true } })).status, 200);
  const ticket = await newTicket(t, customer);
  const key = `notify-test:${ticket.id}:status`;
  const mailsBefore = relayed.length;

  const result = await notify(activities, { ticketId: ticket.id, idempotencyKey: key, input: statusNotice(ticket.id) });
  t.deepEqual(result.skipped, [{ channel: 'telegram', reason: 'no_telegram_identity' }], 'recorded, not silent');
  t.deepEqual(result.delivery, { email: 'sent', sms: 'sent' });
  const rows = await app.db('outbound_messages').where({ ticket_id: ticket.id }).orderBy('id');
  t.deepEqual(rows.map((r) => [r.idempotency_key, r.channel, r.status]), [[`${key}:email`, 'email', 'sent'], [`${key}:sms`, 'sms', 'sent']]);

  const mail = await waitFor('the email at the relay', () => relayed.slice(mailsBefore).find((m) => (m.to && 'text' in m.to ? m.to.text : '').includes(customer.email)));
  t.regex(mail.subject ?? '', new RegExp(`\\[#${ticket.number}\\] Your request was solved`));
  const sms = await waitFor('the SMS at Twilio', () => twilio.sent.find((m) => m.to === PHONE));
  t.regex(sms.body, new RegExp(`#${ticket.number} "Printer \\d+" was solved`));
  t.is(sms.from, twilio.number);
  const delivery = await app.db('plugin_deliveries').where({ ticket_id: ticket.id }).first();
  t.like(delivery, { entry_id: null, channel: 'sms', idempotency_key: `notice:${rows[1].id}` });

  // The engine retries the activity (crash before it recorded the result, replay): nothing more goes out.
  const again = await notify(activities, { ticketId: ticket.id, idempotencyKey: key, input: statusNotice(ticket.id) });
  t.true(again.repeated);
  await new Promise((r) => setTimeout(r, 1_000));
  t.is(relayed.slice(mailsBefore).filter((m) => m.subject?.includes(`#${ticket.number}`)).length, 1, 'one email');
  t.is(twilio.sent.filter((m) => m.to === PHONE).length, 1, 'one SMS');
  t.is(await app.db('outbound_messages').where({ ticket_id: ticket.id }).count<{ count: string }[]>('* as count').then((r) => Number(r[0]!.count)), 2);
  t.is(await app.db('plugin_deliveries').where({ ticket_id: ticket.id }).count<{ count: string }[]>('* as count').then((r) => Number(r[0]!.count)), 1);

  // Status updates off: nothing is queued, and the reason is recorded.
  await app.request('PUT', '/api/v1/me/notification-preferences', { token: customer.token, body: { channels: ['email', 'sms'], statusUpdates: false, replies: true } });
  const off = await notify(activities, { ticketId: ticket.id, idempotencyKey: `${key}:2`, input: statusNotice(ticket.id) });
  t.deepEqual(off.skipped, [{ channel: '*', reason: 'status_updates_off' }]);
  t.is(await app.db('outbound_messages').where({ ticket_id: ticket.id }).count<{ count: string }[]>('* as count').then((r) => Number(r[0]!.count)), 2);
});

test.serial('no reachable chosen channel: the notice falls back to the ticket channel', async (t) => {
  const { app, activities, relayed } = t.context;
  const customer = await createCustomer(app.db);
  await app.request('PUT', '/api/v1/me/notification-preferences', { token: customer.token, body: { channels: ['sms', 'web_push'], statusUpdates: true, replies: true } });
  const ticket = await newTicket(t, customer, 'email');
  const before = relayed.length;
  const key = `notify-test:${ticket.id}:fallback`;
  const result = await notify(activities, { ticketId: ticket.id, idempotencyKey: key, input: { ...statusNotice(ticket.id), channel: 'email' } });
  t.deepEqual(result.skipped, [{ channel: 'sms', reason: 'no_sms_identity' }, { channel: 'web_push', reason: 'no_push_subscription' }]);
  t.deepEqual((await app.db('outbound_messages').where({ ticket_id: ticket.id })).map((r) => r.idempotency_key), [`${key}:email`]);
  await waitFor('the fallback email', () => relayed.length > before);
});

test.serial('web push: VAPID-signed, aes128gcm payload the browser can decrypt; reply notices; 410 deletes the subscription', async (t) => {
  const { app, activities, push, admin } = t.context;
  const key = await app.request('GET', '/api/v1/push/public-key');
  t.is(key.status, 200);
  t.is(Buffer.from(key.body.publicKey, 'base64url').length, 65, 'an uncompressed P-256 point');
  t.is((await app.request('GET', '/api/v1/push/public-key')).body.publicKey, key.body.publicKey, 'generated once, then stable');
  const stored = await app.db('push_vapid_keys').first();
  t.notRegex(stored.private_key_encrypted, /^[A-Za-z0-9_-]{43}$/, 'the private key is stored sealed, not as the raw key');

  const customer = await createCustomer(app.db);
  const browser = browserSubscription(push);
  t.is((await app.request('POST', '/api/v1/push/subscriptions', { token: customer.token, body: { ...browser.body, endpoint: 'http://10.0.0.1/push/x' } })).status, 422, 'plain http only for loopback stand-ins');
  t.is((await app.request('POST', '/api/v1/push/subscriptions', { token: admin.token, body: browser.body })).status, 400, 'customers only');
  const sub = await app.request('POST', '/api/v1/push/subscriptions', { token: customer.token, body: browser.body });
  t.is(sub.status, 201);
  await app.request('PUT', '/api/v1/me/notification-preferences', { token: customer.token, body: { channels: ['web_push'], statusUpdates: true, replies: true } });
  const ticket = await newTicket(t, customer);

  const before = push.requests.length;
  const result = await notify(activities, { ticketId: ticket.id, idempotencyKey: `push-test:${ticket.id}`, input: statusNotice(ticket.id) });
  t.deepEqual(result.delivery, { web_push: 'sent' });
  const req = push.requests[before]!;
  t.is(req.path, new URL(browser.body.endpoint).pathname);
  t.is(req.headers['content-encoding'], 'aes128gcm');
  t.truthy(Number(req.headers.ttl) > 0);
  const auth = String(req.headers.authorization);
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(auth);
  t.truthy(m, auth);
  t.is(m![2], key.body.publicKey);
  const claims = JSON.parse(Buffer.from(m![1]!.split('.')[1]!, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  t.is(claims.aud, push.url, 'audience = the push service origin');
  t.regex(claims.sub, /^mailto:/);
  const payload = JSON.parse(ece.decrypt(req.body, { version: 'aes128gcm', privateKey: browser.ecdh, authSecret: browser.auth }).toString('utf8')) as Record<string, unknown>;
  t.like(payload, { ticketId: ticket.id, url: `${app.url}/portal/tickets/${ticket.id}` });
  t.regex(String(payload.body), new RegExp(`#${ticket.number} "Printer \\d+" was solved`));

  // An agent's reply on the (web) ticket: a reply notice by push through the outbox and the notice_send job.
  const reply = await app.request('POST', `/api/v1/tickets/${ticket.id}/entries`, { token: admin.token, body: { kind: 'public_reply', bodyText: 'Try turning it off and on' } });
  t.is(reply.status, 201);
  const pushed = await waitFor('the reply notice', () => push.requests.slice(before + 1).find((r) => r.path === req.path));
  const notice = JSON.parse(ece.decrypt(pushed.body, { version: 'aes128gcm', privateKey: browser.ecdh, authSecret: browser.auth }).toString('utf8')) as Record<string, unknown>;
  t.regex(String(notice.body), new RegExp(`New reply on your request #${ticket.number}`));
  // The push service has the request before the job records the send: wait for the record.
  await waitFor('the reply notice recorded as sent', () => app.db('outbound_messages').where({ idempotency_key: `reply-notice:${reply.body.id}:web_push`, status: 'sent' }).first());

  // The browser unsubscribed at the push service: 410 Gone removes the subscription; nothing is left to reach.
  push.answer = 410;
  const gone = await t.throwsAsync(notify(activities, { ticketId: ticket.id, idempotencyKey: `push-test:${ticket.id}:2`, input: statusNotice(ticket.id) }));
  t.regex(String(gone?.message), /expired/);
  push.answer = 201;
  t.is(await app.db('push_subscriptions').where({ customer_id: customer.id }).first(), undefined);

  // DELETE of someone else's subscription is a 404; of one's own a 204.
  const other = await createCustomer(app.db);
  const again = await app.request('POST', '/api/v1/push/subscriptions', { token: customer.token, body: browserSubscription(push).body });
  t.is((await app.request('DELETE', `/api/v1/push/subscriptions/${again.body.id}`, { token: other.token })).status, 404);
  t.is((await app.request('DELETE', `/api/v1/push/subscriptions/${again.body.id}`, { token: customer.token })).status, 204);
});

test.serial("agents' email alerts: a mention is emailed to a worker who opted in, once; others get none", async (t) => {
  const { app, admin, agent, relayed } = t.context;
  const customer = await createCustomer(app.db);
  const ticket = await newTicket(t, customer);
  const quiet = await createWorker(app.db, { role: 'agent' });
  await app.db('team_members').insert({ team_id: t.context.team, worker_id: quiet.id });
  const set = await app.request('PUT', '/api/v1/me/alert-settings', { token: agent.token, body: { email: true, kinds: ['mention', 'sla.breach'] } });
  t.deepEqual(set.body, { email: true, kinds: ['mention', 'sla.breach'] });
  const before = relayed.length;
  const note = await app.request('POST', `/api/v1/tickets/${ticket.id}/entries`, {
    token: admin.token, body: { kind: 'internal_note', bodyText: 'Can you check the invoice?', mentions: [agent.id, quiet.id] },
  });
  t.is(note.status, 201, JSON.stringify(note.body));
  const mail = await waitFor('the alert email', () => relayed.slice(before).find((m) => (m.to && 'text' in m.to ? m.to.text : '').includes(agent.email)));
  t.regex(mail.subject ?? '', new RegExp(`^\\[#${ticket.number}\\] .* mentioned you on #${ticket.number}`));
  t.regex(mail.text ?? '', /Can you check the invoice\?/);
  t.regex(mail.text ?? '', new RegExp(`/tickets/${ticket.id}`));
  t.is(mail.headers.get('auto-submitted'), 'auto-generated');
  await new Promise((r) => setTimeout(r, 800));
  t.is(relayed.slice(before).filter((m) => (m.to && 'text' in m.to ? m.to.text : '').includes(quiet.email)).length, 0, 'not opted in: in-app only');
  t.is(relayed.slice(before).filter((m) => (m.to && 'text' in m.to ? m.to.text : '').includes(agent.email)).length, 1);
  t.is((await app.db('notifications').where({ worker_id: quiet.id, kind: 'mention' })).length, 1, 'the in-app notification is unchanged');
});
