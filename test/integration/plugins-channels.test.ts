/**
 * The built-in channel plugins (plugins/sms-twilio, plugins/telegram, plugins/meta) end to end: each is installed
 * through the marketplace API, packed, signed, verified and started by the real plugin host (supervisor + Host
 * gRPC server), and talks to a provider stand-in (test/fakes/) over HTTP. Inbound webhooks enter through the
 * public /api/v1/plugin-webhooks route; agent replies leave through the lifecycle job runner's plugin delivery.
 * Then every plugin passes the shared channel conformance suite (test/plugins/channel-conformance.ts).
 */
import { readFileSync } from 'node:fs';
import anyTest, { type TestFn } from 'ava';
import { Logger, run, type Runner } from 'graphile-worker';
import pino from 'pino';
import { createTaskList } from '../../activities/tasks';
import type { ConfigureRequest } from '../../proto/load';
import { callPlugin, callTarget } from '../../services/plugins/plugin-client';
import { startPluginRuntime, type PluginRuntime } from '../../services/plugins/plugin-runtime';
import type { Supervisor } from '../../services/plugins/supervisor';
import { startMetaGraphFake, type MetaGraphFake } from '../fakes/meta-graph.fake';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram.fake';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio.fake';
import { createWorker, startTestApp, type TestApp, type TestWorker } from '../helpers/app';
import { channelConformance } from '../plugins/channel-conformance';

type Ctx = {
  app: TestApp;
  runner: Runner;
  runtime: PluginRuntime;
  supervisor: Supervisor;
  admin: TestWorker;
  twilio: TwilioFake;
  telegram: TelegramFake;
  meta: MetaGraphFake;
  configs: Record<string, Record<string, unknown>>;
};
const test = anyTest as TestFn<Ctx>;

const manifest = (id: string) => JSON.parse(readFileSync(new URL(`../../plugins/${id}/manifest.json`, import.meta.url), 'utf8')) as {
  id: string; version: string; channels: string[]; kinds: string[]; permissions: string[]; configSchema: { properties: Record<string, { 'x-secret'?: boolean }> };
};
const VERIFY_TOKEN = 'lantern-verify-token-1';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const webhookUrl = (app: TestApp, pluginId: string, path = '') => `${app.url}/api/v1/plugin-webhooks/${pluginId}${path}`;

async function install(ctx: Ctx, pluginId: string, config: Record<string, unknown>): Promise<void> {
  const res = await ctx.app.request('POST', '/api/v1/plugins', {
    token: ctx.admin.token,
    body: { pluginId, source: 'builtin', approvedPermissions: manifest(pluginId).permissions, config },
  });
  if (res.status !== 201) throw new Error(`install ${pluginId}: ${res.status} ${JSON.stringify(res.body)}`);
  ctx.configs[pluginId] = config;
  await waitFor(`${pluginId} serving`, async () => {
    const row = await ctx.app.db('plugin_installations').where({ plugin_id: pluginId }).first();
    return row?.status === 'running' && row.health === 'serving';
  }, 60_000);
}

/** What the host sends in Configure for the installed settings (secrets apart, as the manifest marks them). */
function configureRequest(ctx: Ctx, pluginId: string, override: Record<string, unknown> = {}): ConfigureRequest {
  const props = manifest(pluginId).configSchema.properties;
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...ctx.configs[pluginId], ...override })) {
    if (props[k]?.['x-secret']) secrets[k] = String(v);
    else settings[k] = v;
  }
  return { settingsJson: JSON.stringify(settings), secrets, publicWebhookUrl: webhookUrl(ctx.app, pluginId) };
}

async function target(ctx: Ctx, pluginId: string) {
  const row = await ctx.app.db('plugin_installations').where({ plugin_id: pluginId }).first();
  const t = callTarget(ctx.app.config, row);
  if (!t) throw new Error(`${pluginId} is not running`);
  return t;
}

/** The pid of the plugin's current process, from the supervisor's log ("started <id>@<v> (pid N)"). */
function pluginPid(ctx: Ctx, pluginId: string): number {
  const line = ctx.supervisor.logs(pluginId).filter((l) => /\[host\] started .*\(pid \d+\)/.test(l)).at(-1);
  const pid = Number(/\(pid (\d+)\)/.exec(line ?? '')?.[1]);
  if (!pid) throw new Error(`no pid for ${pluginId}`);
  return pid;
}

async function killAndAwaitRestart(ctx: Ctx, pluginId: string): Promise<void> {
  const pid = pluginPid(ctx, pluginId);
  process.kill(pid, 'SIGKILL');
  await waitFor(`${pluginId} restarted`, async () => {
    const row = await ctx.app.db('plugin_installations').where({ plugin_id: pluginId }).first();
    return row?.status === 'running' && row.health === 'serving' && pluginPid(ctx, pluginId) !== pid;
  }, 30_000);
}

const inboundRows = (ctx: Ctx, channel: string, externalId: string) => ctx.app.db('plugin_inbound_messages').where({ channel, external_id: externalId });

async function reply(ctx: Ctx, ticketId: number, bodyText: string): Promise<number> {
  const res = await ctx.app.request('POST', `/api/v1/tickets/${ticketId}/entries`, { token: ctx.admin.token, body: { kind: 'public_reply', bodyText } });
  if (res.status !== 201) throw new Error(`reply: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

async function deliveryOf(ctx: Ctx, ticketId: number, entryId: number): Promise<{ state: string; error: { code: string | null; message: string | null } | null } | null> {
  const res = await ctx.app.request('GET', `/api/v1/tickets/${ticketId}/entries?limit=100`, { token: ctx.admin.token });
  const entry = (res.body.data as Array<{ id: number; delivery: { state: string; error: { code: string | null; message: string | null } | null } | null }>).find((e) => e.id === entryId);
  return entry?.delivery ?? null;
}

const waitDelivery = (ctx: Ctx, ticketId: number, entryId: number, state: string, timeoutMs = 20_000) =>
  waitFor(`delivery of entry ${entryId} ${state}`, async () => {
    const d = await deliveryOf(ctx, ticketId, entryId);
    return d?.state === state ? d : null;
  }, timeoutMs);

test.before(async (t) => {
  const app = await startTestApp({ LANTERN_PLUGIN_RATE_LIMIT_PER_SECOND: '5000' });
  // The app listens on a random port: that is the public URL providers call and plugins give them.
  app.config.http.publicUrl = app.url;
  const runner = await run({
    connectionString: app.dbUrl,
    taskList: createTaskList({ db: app.db, config: app.config, logger: pino({ level: 'silent' }) }),
    concurrency: 4,
    noHandleSignals: true,
    crontab: '',
    pollInterval: 100,
    logger: new Logger(() => () => {}),
  });
  const runtime = startPluginRuntime({
    db: app.db, connectionString: app.dbUrl, config: app.config, logger: pino({ level: 'silent' }), retryMs: 200,
    supervisor: { healthIntervalMs: 2_000, backoffBaseMs: 100, backoffMaxMs: 1_000, crashLoopCount: 20 },
  });
  const { supervisor } = await runtime.ready;
  const [twilio, telegram, meta] = await Promise.all([startTwilioFake(), startTelegramFake(), startMetaGraphFake()]);
  t.context = { app, runner, runtime, supervisor, admin: await createWorker(app.db, { role: 'admin' }), twilio, telegram, meta, configs: {} };
  await install(t.context, 'sms-twilio', { accountSid: twilio.accountSid, authToken: twilio.authToken, fromNumber: twilio.number, apiBaseUrl: twilio.url });
  await install(t.context, 'telegram', { botToken: telegram.token, apiBaseUrl: telegram.url, mode: 'webhook', pollTimeoutSeconds: 1 });
  await install(t.context, 'meta', {
    appSecret: meta.appSecret, pageAccessToken: meta.pageAccessToken, verifyToken: VERIFY_TOKEN, graphApiBaseUrl: meta.url, graphApiVersion: meta.version,
  });
});

test.after.always(async (t) => {
  const c = t.context;
  await c.runtime?.stop();
  await c.runner?.stop();
  await Promise.all([c.twilio?.close(), c.telegram?.close(), c.meta?.close()]);
  await c.app?.close();
});

// ---------------------------------------------------------------------------------------------- SMS (Twilio)

const CUSTOMER_PHONE = '+14155550101';

test.serial('sms: an inbound SMS becomes a ticket; the agent reply goes out through Twilio with delivery receipts', async (t) => {
  const c = t.context;
  const inbound = await c.twilio.sendInbound(webhookUrl(c.app, 'sms-twilio', '/inbound'), { from: CUSTOMER_PHONE, body: 'Where is my parcel? 📦 Grüße', media: [{ url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', contentType: 'image/jpeg' }] });
  t.is(inbound.status, 200);
  t.regex(inbound.body, /^<\?xml.*<Response><\/Response>$/);
  const [row] = await inboundRows(c, 'sms', inbound.sid);
  t.truthy(row, 'recorded by the host');
  const ticket = await c.app.db('tickets').where({ id: row.ticket_id }).first();
  t.is(ticket.channel, 'sms');
  t.is(ticket.subject, 'Where is my parcel? 📦 Grüße');
  const entry = await c.app.db('conversation_entries').where({ id: row.entry_id }).first();
  t.is(entry.body_text, 'Where is my parcel? 📦 Grüße', 'unicode kept exactly');
  t.is(row.metadata.attachments[0].url, 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', 'MediaUrl0 became an attachment url');
  t.is(row.metadata.provider.encoding, 'UCS-2');
  const customer = await c.app.db('customers').where({ id: row.customer_id }).first();
  t.is(customer.phone, CUSTOMER_PHONE);

  const entryId = await reply(c, row.ticket_id, 'It ships today — merci!');
  const sent = await waitFor('the SMS at Twilio', () => c.twilio.sent.find((m) => m.to === CUSTOMER_PHONE && m.body === 'It ships today — merci!'));
  t.is(sent.from, c.twilio.number, 'answered from the number the customer wrote to');
  t.regex(sent.statusCallback, new RegExp(`^${webhookUrl(c.app, 'sms-twilio', '/status')}\\?delivery=\\d+$`));
  await waitDelivery(c, row.ticket_id, entryId, 'queued');
  t.is((await c.twilio.emitStatus(sent.sid, 'sent')).status, 200);
  await waitDelivery(c, row.ticket_id, entryId, 'sent');
  t.is((await c.twilio.emitStatus(sent.sid, 'delivered')).status, 200);
  await waitDelivery(c, row.ticket_id, entryId, 'delivered');
  // A late, repeated receipt changes nothing.
  t.is((await c.twilio.emitStatus(sent.sid, 'sent')).status, 200);
  t.is((await deliveryOf(c, row.ticket_id, entryId))?.state, 'delivered');
});

test.serial('sms: a reply over 1600 characters goes as several messages split at word boundaries; undelivered is failed', async (t) => {
  const c = t.context;
  const inbound = await c.twilio.sendInbound(webhookUrl(c.app, 'sms-twilio', '/inbound'), { from: '+14155550102', body: 'Tell me everything' });
  const [row] = await inboundRows(c, 'sms', inbound.sid);
  const words = Array.from({ length: 600 }, (_, i) => `wörd${i}`);
  const entryId = await reply(c, row.ticket_id, words.join(' '));
  const parts = await waitFor('3 parts at Twilio', () => {
    const p = c.twilio.sent.filter((m) => m.to === '+14155550102');
    return p.length >= 3 ? p : null;
  });
  t.is(parts.length, 3);
  for (const p of parts) t.true(p.body.length <= 1600);
  t.deepEqual(parts.map((p) => p.body).join(' ').split(' '), words, 'nothing lost or torn');
  await waitDelivery(c, row.ticket_id, entryId, 'queued');
  t.is((await c.twilio.emitStatus(parts[1]!.sid, 'undelivered', { errorCode: '30003' })).status, 200);
  const failed = await waitDelivery(c, row.ticket_id, entryId, 'failed');
  t.is(failed.error?.code, '30003');
});

test.serial('sms: a bad X-Twilio-Signature is refused with 403 and creates nothing', async (t) => {
  const c = t.context;
  const tickets = await c.app.db('tickets').count<{ count: string }[]>('* as count');
  const res = await c.twilio.sendInbound(webhookUrl(c.app, 'sms-twilio', '/inbound'), { from: '+14155550103', body: 'forged' }, { badSignature: true });
  t.is(res.status, 403);
  t.is((await inboundRows(c, 'sms', res.sid)).length, 0);
  t.deepEqual(await c.app.db('tickets').count<{ count: string }[]>('* as count'), tickets);
  // A forged status callback is refused too.
  const params = new URLSearchParams({ MessageSid: 'SMx', MessageStatus: 'delivered', AccountSid: c.twilio.accountSid });
  const forged = await fetch(webhookUrl(c.app, 'sms-twilio', '/status?delivery=1'), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'AAAA' }, body: params.toString(),
  });
  t.is(forged.status, 403);
});

test.serial('sms: STOP opts the number out (no ticket, a reply fails without retry), START opts back in', async (t) => {
  const c = t.context;
  const phone = '+14155550104';
  const first = await c.twilio.sendInbound(webhookUrl(c.app, 'sms-twilio', '/inbound'), { from: phone, body: 'Hello, my invoice is wrong' });
  const [row] = await inboundRows(c, 'sms', first.sid);
  const stop = await c.twilio.sendInbound(webhookUrl(c.app, 'sms-twilio', '/inbound'), { from: phone, body: ' stop ' });
  t.is(stop.status, 200);
  t.regex(stop.body, /<Message>You have been unsubscribed/);
  t.is((await inboundRows(c, 'sms', stop.sid)).length, 0, 'a keyword is not a customer message');

  const sentBefore = c.twilio.sent.length;
  const entryId = await reply(c, row.ticket_id, 'We fixed the invoice');
  const failed = await waitDelivery(c, row.ticket_id, entryId, 'failed');
  t.is(failed.error?.code, 'FAILED_PRECONDITION');
  t.regex(failed.error?.message ?? '', /STOP/);
  t.is(c.twilio.sent.length, sentBefore, 'nothing was sent to an opted-out number');

  const start = await c.twilio.sendInbound(webhookUrl(c.app, 'sms-twilio', '/inbound'), { from: phone, body: 'START' });
  t.regex(start.body, /resubscribed/);
  const help = await c.twilio.sendInbound(webhookUrl(c.app, 'sms-twilio', '/inbound'), { from: phone, body: 'help' });
  t.regex(help.body, /<Message>Reply to this number/);
  const again = await reply(c, row.ticket_id, 'We fixed the invoice (again)');
  // "queued" is also the host's state before the plugin call: wait for the provider to have it.
  t.truthy(await waitFor('the SMS after START', () => c.twilio.sent.find((m) => m.to === phone && m.body === 'We fixed the invoice (again)'), 30_000));
  await waitDelivery(c, row.ticket_id, again, 'queued');
});

test.serial('sms: Twilio errors map to delivery outcomes (21211 fails for good, 5xx is retried and then sent once)', async (t) => {
  const c = t.context;
  const inbound = await c.twilio.sendInbound(webhookUrl(c.app, 'sms-twilio', '/inbound'), { from: '+14155550105', body: 'Ping' });
  const [row] = await inboundRows(c, 'sms', inbound.sid);
  c.twilio.failNext(1, 400, 21211);
  const bad = await reply(c, row.ticket_id, 'first');
  const failed = await waitDelivery(c, row.ticket_id, bad, 'failed');
  t.is(failed.error?.code, 'INVALID_ARGUMENT');
  t.regex(failed.error?.message ?? '', /21211/);

  c.twilio.failNext(1, 503, 20500);
  const retried = await reply(c, row.ticket_id, 'second, after an outage');
  await waitDelivery(c, row.ticket_id, retried, 'queued', 30_000);
  await waitFor('the retried SMS', () => c.twilio.sent.find((m) => m.body === 'second, after an outage'), 30_000);
  t.is(c.twilio.sent.filter((m) => m.body === 'second, after an outage').length, 1);
  // The first attempt met the outage (UNAVAILABLE, retried by the job runner), the second sent it.
  const d = await waitFor('the delivery recorded', async () => {
    const r = await c.app.db('plugin_deliveries').where({ entry_id: retried }).first();
    return r?.external_ids?.length ? r : null;
  });
  t.is(d.attempts, 2);
});

test.serial('sms: a killed plugin comes back; an inbound message sent meanwhile arrives exactly once, a reply meanwhile is sent once', async (t) => {
  const c = t.context;
  const phone = '+14155550106';
  const first = await c.twilio.sendInbound(webhookUrl(c.app, 'sms-twilio', '/inbound'), { from: phone, body: 'Before the crash' });
  const [row] = await inboundRows(c, 'sms', first.sid);

  const pid = pluginPid(c, 'sms-twilio');
  process.kill(pid, 'SIGKILL');
  // Twilio-style retries of the webhook while the plugin is down (the host answers 503/504 meanwhile).
  const during = await c.twilio.sendInbound(webhookUrl(c.app, 'sms-twilio', '/inbound'), { from: phone, body: 'During the crash' }, { retry: { attempts: 80, delayMs: 100 } });
  t.is(during.status, 200, `delivered after ${during.attempts} attempts`);
  t.true(during.attempts > 1, 'the first attempt found the plugin down');
  const replyId = await reply(c, row.ticket_id, 'Reply around the crash');
  // The provider retries once more (its retry crossed our answer): still one message.
  const dup = await c.twilio.sendInbound(webhookUrl(c.app, 'sms-twilio', '/inbound'), { from: phone, body: 'During the crash', sid: during.sid });
  t.is(dup.status, 200);
  const rows = await inboundRows(c, 'sms', during.sid);
  t.is(rows.length, 1, 'exactly one inbound message');
  t.is(rows[0].ticket_id, row.ticket_id, 'joined the open ticket of the thread');
  t.is(await c.app.db('conversation_entries').where({ ticket_id: row.ticket_id, body_text: 'During the crash' }).count<{ count: string }[]>('* as count').then((r) => Number(r[0]!.count)), 1, 'one conversation entry');
  await waitFor('the reply at Twilio', () => c.twilio.sent.find((m) => m.body === 'Reply around the crash'), 30_000);
  await waitFor('the reply job done', async () => (await c.app.db('plugin_deliveries').where({ entry_id: replyId }).first())?.external_ids?.length > 0);
  t.is(c.twilio.sent.filter((m) => m.body === 'Reply around the crash').length, 1, 'the reply was sent once');
  t.not(pluginPid(c, 'sms-twilio'), pid, 'a new process');
});

// ---------------------------------------------------------------------------------------------- Telegram

const ADA = { chatId: 5_550_001, firstName: 'Ada', lastName: 'Lovelace', username: 'ada', languageCode: 'en' };

test.serial('telegram: webhook mode with secret token; a message becomes a ticket; the reply threads to it', async (t) => {
  const c = t.context;
  t.is(c.telegram.webhook?.url, webhookUrl(c.app, 'telegram', '/update'), 'setWebhook with our public URL');
  t.regex(c.telegram.webhook?.secretToken ?? '', /^[A-Za-z0-9_-]+$/);
  const msg = await c.telegram.customerWrites(ADA, { text: 'My app crashes on start' });
  t.is(msg.webhook?.status, 200);
  const [row] = await inboundRows(c, 'telegram', `${ADA.chatId}:${msg.messageId}`);
  t.truthy(row);
  const ticket = await c.app.db('tickets').where({ id: row.ticket_id }).first();
  t.is(ticket.channel, 'telegram');
  t.is(ticket.language, 'en');
  const customer = await c.app.db('customers').where({ id: row.customer_id }).first();
  t.is(customer.name, 'Ada Lovelace');

  const entryId = await reply(c, row.ticket_id, 'Which version do you use?');
  const sent = await waitFor('sendMessage', () => c.telegram.sent.find((m) => m.text === 'Which version do you use?'));
  t.is(sent.chatId, String(ADA.chatId));
  t.is(sent.replyToMessageId, msg.messageId, 'threaded as a reply to the customer message');
  await waitDelivery(c, row.ticket_id, entryId, 'sent');
});

test.serial('telegram: an agent reply with a file goes out as sendDocument with the same bytes', async (t) => {
  const c = t.context;
  const msg = await c.telegram.customerWrites(ADA, { text: 'Can you send me the invoice?' });
  const [row] = await inboundRows(c, 'telegram', `${ADA.chatId}:${msg.messageId}`);
  const pdf = Buffer.from('%PDF-1.4\n% invoice 2026-11\n%%EOF\n');
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'invoice.pdf');
  const up = await fetch(`${c.app.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${c.admin.token}` }, body: form });
  t.is(up.status, 201);
  const attachmentId = ((await up.json()) as { id: number }).id;
  const res = await c.app.request('POST', `/api/v1/tickets/${row.ticket_id}/entries`, {
    token: c.admin.token, body: { kind: 'public_reply', bodyText: 'Here is your invoice.', attachmentIds: [attachmentId] },
  });
  t.is(res.status, 201, JSON.stringify(res.body));
  const sent = await waitFor('sendDocument', () => c.telegram.sent.find((m) => m.method === 'sendDocument' && m.file?.filename === 'invoice.pdf'));
  t.true(sent.file!.content.equals(pdf), 'the customer gets the exact file');
  t.is(sent.chatId, String(ADA.chatId));
  t.truthy(c.telegram.sent.find((m) => m.chatId === String(ADA.chatId) && m.text.includes('Here is your invoice.')), 'the text goes with it');
  await waitDelivery(c, row.ticket_id, res.body.id, 'sent');
});

test.serial('telegram: a photo and a document arrive as attachments served through the plugin, never with the bot token', async (t) => {
  const c = t.context;
  const photo = Buffer.from('fake-jpeg-bytes');
  const p = await c.telegram.customerWrites(ADA, { text: 'screenshot', photo });
  const [row] = await inboundRows(c, 'telegram', `${ADA.chatId}:${p.messageId}`);
  const att = row.metadata.attachments[0] as { url: string; contentType: string; filename: string };
  t.is(att.contentType, 'image/jpeg');
  t.false(att.url.includes(c.telegram.token), 'the bot token never leaves the plugin');
  t.true(att.url.startsWith(webhookUrl(c.app, 'telegram', '/file/')));
  const fetched = await fetch(att.url);
  t.is(fetched.status, 200);
  t.deepEqual(Buffer.from(await fetched.arrayBuffer()), photo);
  const tampered = await fetch(att.url.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')));
  t.is(tampered.status, 404, 'a forged file link is refused');

  const d = await c.telegram.customerWrites(ADA, { document: { content: Buffer.from('%PDF-1.4'), filename: 'invoice.pdf', mimeType: 'application/pdf' } });
  const [drow] = await inboundRows(c, 'telegram', `${ADA.chatId}:${d.messageId}`);
  t.like(drow.metadata.attachments[0], { filename: 'invoice.pdf', contentType: 'application/pdf' });
  t.is(drow.ticket_id, row.ticket_id, 'same chat, same open ticket');
});

test.serial('telegram: a wrong X-Telegram-Bot-Api-Secret-Token is refused with 403 and creates nothing', async (t) => {
  const c = t.context;
  const msg = await c.telegram.customerWrites({ ...ADA, chatId: 5_550_099 }, { text: 'forged' }, { wrongSecret: true });
  t.is(msg.webhook?.status, 403);
  t.is((await inboundRows(c, 'telegram', `5550099:${msg.messageId}`)).length, 0);
});

test.serial('telegram: a blocked bot fails the delivery for good (403 → FAILED_PRECONDITION)', async (t) => {
  const c = t.context;
  const grace = { chatId: 5_550_002, firstName: 'Grace' };
  const msg = await c.telegram.customerWrites(grace, { text: 'hi' });
  const [row] = await inboundRows(c, 'telegram', `${grace.chatId}:${msg.messageId}`);
  c.telegram.blocked.add(String(grace.chatId));
  const entryId = await reply(c, row.ticket_id, 'hello Grace');
  const failed = await waitDelivery(c, row.ticket_id, entryId, 'failed');
  t.is(failed.error?.code, 'FAILED_PRECONDITION');
  t.regex(failed.error?.message ?? '', /blocked/);
});

test.serial('telegram: long polling without a webhook; a message written while the plugin is down arrives once after restart', async (t) => {
  const c = t.context;
  const res = await c.app.request('PUT', '/api/v1/plugins/telegram/config', { token: c.admin.token, body: { config: { ...c.configs.telegram, mode: 'polling' } } });
  t.is(res.status, 200, JSON.stringify(res.body));
  c.configs.telegram = { ...c.configs.telegram, mode: 'polling' };
  await waitFor('webhook deleted for polling', () => c.telegram.webhook === null);
  const linus = { chatId: 5_550_003, firstName: 'Linus' };
  const m1 = await c.telegram.customerWrites(linus, { text: 'polled message' });
  const row = await waitFor('polled message in a ticket', async () => (await inboundRows(c, 'telegram', `${linus.chatId}:${m1.messageId}`))[0]);
  t.truthy(row);

  const pid = pluginPid(c, 'telegram');
  process.kill(pid, 'SIGKILL');
  const m2 = await c.telegram.customerWrites(linus, { text: 'written while the plugin was down' });
  await waitFor('message after restart', async () => (await inboundRows(c, 'telegram', `${linus.chatId}:${m2.messageId}`))[0], 30_000);
  await waitFor('offset confirmed', () => c.telegram.pendingUpdates() === 0);
  t.is((await inboundRows(c, 'telegram', `${linus.chatId}:${m1.messageId}`)).length, 1);
  t.is((await inboundRows(c, 'telegram', `${linus.chatId}:${m2.messageId}`)).length, 1);
  t.is(await c.app.db('conversation_entries').where({ ticket_id: row.ticket_id, body_text: 'written while the plugin was down' }).count<{ count: string }[]>('* as count').then((r) => Number(r[0]!.count)), 1);

  // Back to webhook mode for the conformance suite.
  await c.app.request('PUT', '/api/v1/plugins/telegram/config', { token: c.admin.token, body: { config: { ...c.configs.telegram, mode: 'webhook' } } });
  c.configs.telegram = { ...c.configs.telegram, mode: 'webhook' };
  await waitFor('webhook set again', () => c.telegram.webhook !== null);
});

// ---------------------------------------------------------------------------------------------- Messenger / Instagram

test.serial('meta: the verify-token handshake answers the challenge only for our token', async (t) => {
  const c = t.context;
  t.false(await c.meta.subscribe(webhookUrl(c.app, 'meta'), 'not-our-token'));
  t.true(await c.meta.subscribe(webhookUrl(c.app, 'meta'), VERIFY_TOKEN));
});

test.serial('meta: a Messenger message becomes a ticket; the reply goes through the Send API; delivery and read receipts', async (t) => {
  const c = t.context;
  const psid = '2400000000000001';
  const msg = await c.meta.customerWrites(psid, { text: 'Is the blue one in stock?', attachments: [{ type: 'image', url: 'https://scontent.example/photo.jpg' }] });
  t.is(msg.status, 200);
  const [row] = await inboundRows(c, 'messenger', msg.mid);
  t.truthy(row);
  t.is((await c.app.db('tickets').where({ id: row.ticket_id }).first()).channel, 'messenger');
  t.like(row.metadata.attachments[0], { url: 'https://scontent.example/photo.jpg', contentType: 'image/*' });

  const entryId = await reply(c, row.ticket_id, 'Yes, it is!');
  const sent = await waitFor('Send API call', () => c.meta.sent.find((m) => m.recipientId === psid && m.text === 'Yes, it is!'));
  t.is(sent.messagingType, 'RESPONSE');
  await waitDelivery(c, row.ticket_id, entryId, 'sent');
  t.is((await c.meta.emitDelivery(psid, [sent.mid])).status, 200);
  await waitDelivery(c, row.ticket_id, entryId, 'delivered');
  t.is((await c.meta.emitRead(psid, Date.now() + 1000)).status, 200);
  await waitDelivery(c, row.ticket_id, entryId, 'read');
});

test.serial('meta: outside the 24-hour window the reply fails (FAILED_PRECONDITION) and nothing is sent', async (t) => {
  const c = t.context;
  const psid = '2400000000000002';
  const msg = await c.meta.customerWrites(psid, { text: 'old question', ageMs: 25 * 3600_000 });
  const [row] = await inboundRows(c, 'messenger', msg.mid);
  const before = c.meta.sent.length;
  const entryId = await reply(c, row.ticket_id, 'late answer');
  const failed = await waitDelivery(c, row.ticket_id, entryId, 'failed');
  t.is(failed.error?.code, 'FAILED_PRECONDITION');
  t.regex(failed.error?.message ?? '', /24-hour/);
  t.is(c.meta.sent.length, before);
});

test.serial('meta: Instagram messages become instagram tickets; a bad X-Hub-Signature-256 is refused with 403', async (t) => {
  const c = t.context;
  const ig = await c.meta.customerWrites('1780000000000003', { text: 'from instagram', channel: 'instagram' });
  const [row] = await inboundRows(c, 'instagram', ig.mid);
  t.is((await c.app.db('tickets').where({ id: row.ticket_id }).first()).channel, 'instagram');
  const forged = await c.meta.customerWrites('2400000000000004', { text: 'forged' }, { badSignature: true });
  t.is(forged.status, 403);
  t.is((await inboundRows(c, 'messenger', forged.mid)).length, 0);
});

// ---------------------------------------------------------------------------------------------- outbound files

// The host does not pass reply attachments yet (DeliverMessage.attachments is empty from the delivery job), so
// this calls DeliverMessage the way the host does (its own client, the host-call token) with files.
test.serial('outbound attachments: MMS media served through the plugin, Telegram sendPhoto/sendDocument, Send API upload', async (t) => {
  const c = t.context;
  const png = Buffer.from('89504e470d0a1a0a-fake-png');
  const pdf = Buffer.from('%PDF-1.4 fake');
  const file = (filename: string, contentType: string, content: Buffer) => ({ filename, contentType, size: content.length, content, url: '' });

  const sms = await callPlugin(await target(c, 'sms-twilio'), 'deliverMessage', {
    idempotencyKey: 'files-sms', channel: 'sms', recipient: { address: '+14155550107' }, bodyText: 'your label', attachments: [file('label.png', 'image/png', png)],
  }, 10_000);
  const mms = c.twilio.sent.find((m) => m.sid === sms.externalIds[0]);
  t.is(mms?.mediaUrls.length, 1);
  t.true(mms!.mediaUrls[0]!.startsWith(webhookUrl(c.app, 'sms-twilio', '/media/')));
  const media = await fetch(mms!.mediaUrls[0]!); // what Twilio does with MediaUrl
  t.is(media.status, 200);
  t.is(media.headers.get('content-type'), 'image/png');
  t.deepEqual(Buffer.from(await media.arrayBuffer()), png);
  t.is((await fetch(`${webhookUrl(c.app, 'sms-twilio', '/media/')}${'0'.repeat(48)}`)).status, 404);

  const tg = await callPlugin(await target(c, 'telegram'), 'deliverMessage', {
    idempotencyKey: 'files-tg', channel: 'telegram', recipient: { address: String(ADA.chatId) }, threadExternalId: String(ADA.chatId), bodyText: 'two files',
    attachments: [file('shot.png', 'image/png', png), file('invoice.pdf', 'application/pdf', pdf)],
  }, 10_000);
  t.is(tg.externalIds.length, 3, 'the text, then one message per file');
  const tgSent = c.telegram.sent.slice(-3);
  t.deepEqual(tgSent.map((m) => m.method), ['sendMessage', 'sendPhoto', 'sendDocument']);
  t.deepEqual(tgSent[1]!.file?.content, png);
  t.like(tgSent[2]!.file, { filename: 'invoice.pdf', contentType: 'application/pdf' });

  const fb = await callPlugin(await target(c, 'meta'), 'deliverMessage', {
    idempotencyKey: 'files-meta', channel: 'messenger', recipient: { address: '2400000000000001' }, threadExternalId: '2400000000000001', bodyText: '',
    attachments: [file('invoice.pdf', 'application/pdf', pdf)], lastInboundAtMs: Date.now() - 1000,
  }, 10_000);
  const upload = c.meta.sent.find((m) => m.mid === fb.externalIds[0]);
  t.like(upload?.attachment, { type: 'file', filename: 'invoice.pdf' });
  t.deepEqual(upload?.attachment?.content, pdf);
});

// ---------------------------------------------------------------------------------------------- conformance

const inboundCount = async (c: Ctx) => Number((await c.app.db('plugin_inbound_messages').count<{ count: string }[]>('* as count'))[0]!.count);
let ctxRef: Ctx;
test.serial('conformance setup: targets resolved from the host', async (t) => {
  ctxRef = t.context;
  t.truthy(await target(ctxRef, 'sms-twilio'));
});
const targetSync = (pluginId: string) => {
  // Resolved before each conformance test: the supervisor issues fresh tokens at every (re)start.
  const row = targets.get(pluginId);
  if (!row) throw new Error(`no target for ${pluginId}`);
  return row;
};
const targets = new Map<string, { address: string; hostCallToken: string }>();
test.serial.beforeEach(async (t) => {
  for (const id of ['sms-twilio', 'telegram', 'meta']) {
    const row = await t.context.app.db('plugin_installations').where({ plugin_id: id }).first();
    const tg = row ? callTarget(t.context.app.config, row) : null;
    if (tg) targets.set(id, { address: tg.address, hostCallToken: tg.token });
  }
});

channelConformance(test, 'sms-twilio', () => {
  const c = ctxRef;
  return {
    manifest: manifest('sms-twilio'),
    target: () => targetSync('sms-twilio'),
    validConfig: () => configureRequest(c, 'sms-twilio'),
    invalidConfig: () => ({ ...configureRequest(c, 'sms-twilio'), secrets: {} }),
    deliverable: (key) => ({ idempotencyKey: key, deliveryId: 0, channel: 'sms', recipient: { address: '+14155550199' }, threadExternalId: '', bodyText: 'conformance', attachments: [] }),
    badRecipient: (key) => ({ idempotencyKey: key, channel: 'sms', recipient: { address: 'not-a-phone' }, threadExternalId: '', bodyText: 'x' }),
    providerSent: () => c.twilio.sent.length,
    throttle: (on) => {
      c.twilio.rateLimit.perSecond = on ? 0 : 1000;
    },
    forgedWebhook: () => {
      const params = new URLSearchParams({ MessageSid: 'SMforged', From: '+14155550198', To: c.twilio.number, Body: 'forged', AccountSid: c.twilio.accountSid });
      return { method: 'POST', path: '/inbound', query: '', headers: { 'x-twilio-signature': c.twilio.sign('https://evil.example/', params) }, body: Buffer.from(params.toString()), publicUrl: webhookUrl(c.app, 'sms-twilio', '/inbound') };
    },
    hostInboundCount: () => inboundCount(c),
  };
});

channelConformance(test, 'telegram', () => {
  const c = ctxRef;
  return {
    manifest: manifest('telegram'),
    target: () => targetSync('telegram'),
    validConfig: () => configureRequest(c, 'telegram'),
    invalidConfig: () => ({ ...configureRequest(c, 'telegram'), secrets: { botToken: 'no-colon-so-not-a-token' } }),
    deliverable: (key) => ({ idempotencyKey: key, channel: 'telegram', recipient: { address: String(ADA.chatId) }, threadExternalId: String(ADA.chatId), bodyText: 'conformance', attachments: [] }),
    badRecipient: (key) => ({ idempotencyKey: key, channel: 'telegram', recipient: { address: 'not-a-chat' }, threadExternalId: '', bodyText: 'x' }),
    providerSent: () => c.telegram.sent.length,
    throttle: (on) => {
      c.telegram.rateLimit.perSecond = on ? 0 : 1000;
    },
    forgedWebhook: () => ({
      method: 'POST', path: '/update', query: '', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'forged' },
      body: Buffer.from(JSON.stringify({ update_id: 1, message: { message_id: 1, chat: { id: 1, type: 'private' }, date: 1, text: 'forged' } })), publicUrl: webhookUrl(c.app, 'telegram', '/update'),
    }),
    hostInboundCount: () => inboundCount(c),
  };
});

channelConformance(test, 'meta', () => {
  const c = ctxRef;
  return {
    manifest: manifest('meta'),
    target: () => targetSync('meta'),
    validConfig: () => configureRequest(c, 'meta'),
    invalidConfig: () => ({ ...configureRequest(c, 'meta'), secrets: { appSecret: c.meta.appSecret, pageAccessToken: c.meta.pageAccessToken, verifyToken: 'short' } }),
    deliverable: (key) => ({ idempotencyKey: key, channel: 'messenger', recipient: { address: '2400000000000001' }, threadExternalId: '2400000000000001', bodyText: 'conformance', attachments: [], lastInboundAtMs: Date.now() - 60_000 }),
    badRecipient: (key) => ({ idempotencyKey: key, channel: 'messenger', recipient: { address: 'not-a-psid' }, threadExternalId: '', bodyText: 'x', lastInboundAtMs: Date.now() }),
    providerSent: () => c.meta.sent.length,
    throttle: (on) => {
      c.meta.rateLimit.perSecond = on ? 0 : 1000;
    },
    forgedWebhook: () => {
      const body = JSON.stringify({ object: 'page', entry: [{ id: c.meta.pageId, messaging: [{ sender: { id: '2400000000000009' }, message: { mid: 'm_forged', text: 'forged' } }] }] });
      return { method: 'POST', path: '/', query: '', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, body: Buffer.from(body), publicUrl: webhookUrl(c.app, 'meta') };
    },
    hostInboundCount: () => inboundCount(c),
  };
});

test.serial('disabling a plugin stops it with SIGTERM: it exits cleanly within the 5 s the contract allows', async (t) => {
  const c = t.context;
  const pid = pluginPid(c, 'telegram');
  const started = Date.now();
  const res = await c.app.request('POST', '/api/v1/plugins/telegram/disable', { token: c.admin.token });
  t.is(res.status, 200);
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  // The supervisor would SIGKILL after 5 s: gone well before that means the SDK's SIGTERM handling exited.
  await waitFor('the plugin process gone', () => !alive(), 10_000);
  t.true(Date.now() - started < 4_000, `exited after ${Date.now() - started} ms`);
  const tail = await waitFor('log tail saved', async () => {
    const row = await c.app.db('plugin_installations').where({ plugin_id: 'telegram' }).first();
    return (row?.log_tail as string[] | undefined)?.some((l) => l.includes('shutting down')) ? row.log_tail as string[] : null;
  });
  t.truthy(tail.find((l) => /"signal":"SIGTERM".*shutting down/.test(l)), 'the SDK logged its SIGTERM shutdown');
});
