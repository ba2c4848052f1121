/**
 * Contract tests of the plugin host: the echo fixture plugin (test/fixtures/plugins/echo, written directly with
 * @grpc/grpc-js) runs as a real supervised child process, installed through the API from a signed package, and
 * exchanges every Host and Plugin RPC with the core over real gRPC. Host RPCs are driven through the public
 * webhook forwarder (`/call/<Rpc>` and `/inbound` paths of the plugin), so that path is exercised too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import anyTest, { type TestFn } from 'ava';
import { count } from '../helpers/db';
import { createWorker, startTestApp, type TestApp, type TestWorker } from '../helpers/app';
import { newPublisher, packEcho, serveCatalog, startPluginWorld, waitFor, type Catalog, type PluginWorld } from '../helpers/plugins';
import { pluginDataDir } from '../../services/plugins/plugin-paths';

type Ctx = { app: TestApp; world: PluginWorld; catalog: Catalog; admin: TestWorker; agent: TestWorker };
const test = anyTest as TestFn<Ctx>;

const GRANTED = ['inbound:submit', 'customers:read', 'customers:write', 'deliveries:update'];

test.before(async (t) => {
  const app = await startTestApp({ LANTERN_PLUGINS_DIR: mkdtempSync(join(tmpdir(), 'lantern-no-builtins-')), LANTERN_PLUGIN_WEBHOOK_MAX_BYTES: '65536' });
  const publisher = newPublisher();
  const catalog = await serveCatalog([{ packed: await packEcho(publisher) }]);
  const world = await startPluginWorld(app);
  const admin = await createWorker(app.db, { role: 'admin' });
  const agent = await createWorker(app.db, { role: 'agent' });
  t.context = { app, world, catalog, admin, agent };
  const trust = await app.request('POST', '/api/v1/plugins/publishers', { token: admin.token, body: { publisher: publisher.publisher, publicKey: publisher.publicKey } });
  if (trust.status !== 201) throw new Error(`trust failed: ${JSON.stringify(trust.body)}`);
  const source = await app.request('POST', '/api/v1/plugins/sources', { token: admin.token, body: { name: 'Test catalog', url: catalog.url } });
  if (source.status !== 201) throw new Error(`source failed: ${JSON.stringify(source.body)}`);
});

test.after.always(async (t) => {
  await t.context.world?.stop();
  await t.context.catalog?.close();
  await t.context.app?.close();
});

const hook = (t: { context: Ctx }, path: string, body: unknown) =>
  t.context.app.request('POST', `/api/v1/plugin-webhooks/echo${path}`, { body });
const hostCall = async (t: { context: Ctx }, rpc: string, body: unknown) => (await hook(t, `/call/${rpc}`, body)).body as { ok: boolean; code?: string; details?: string; result?: any; events?: any[] };
const plugin = async (t: { context: Ctx }) => (await t.context.app.request('GET', '/api/v1/plugins/echo', { token: t.context.admin.token })).body;

test.serial('install from a signed package: permissions approved, config validated, process started and healthy', async (t) => {
  const { app, admin } = t.context;
  const missing = await app.request('POST', '/api/v1/plugins', { token: admin.token, body: { pluginId: 'echo', approvedPermissions: GRANTED, config: { greeting: 'hi' } } });
  t.is(missing.status, 422);
  t.deepEqual(missing.body.errors.map((f: { path: string }) => f.path), ['config.apiToken'], 'config validated against the manifest schema');
  const wrong = await app.request('POST', '/api/v1/plugins', { token: admin.token, body: { pluginId: 'echo', approvedPermissions: [...GRANTED, 'notes:read'], config: { apiToken: 'tok-1234' } } });
  t.is(wrong.status, 422, 'a permission the plugin did not request cannot be granted');
  t.is(await count(app.db('plugin_installations')), 0, 'refused installs write nothing');

  const res = await app.request('POST', '/api/v1/plugins', { token: admin.token, body: { pluginId: 'echo', approvedPermissions: GRANTED, config: { greeting: 'hi', apiToken: 'tok-1234' } } });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.deepEqual(res.body.grantedPermissions, [...GRANTED].sort());
  t.false(JSON.stringify(res.body).includes('tok-1234'), 'secrets are never shown');
  const row = await app.db('plugin_installations').where({ plugin_id: 'echo' }).first();
  t.truthy(row.secrets_encrypted);
  t.false(JSON.stringify(row).includes('tok-1234'), 'secrets are encrypted at rest');

  const running = await waitFor('echo running and serving', async () => { const p = await plugin(t); return p.status === 'running' && p.health === 'serving' ? p : null; });
  t.is(running.healthDetail, 'greeting=hi', 'Configure reached the plugin before CheckHealth');
  const configured = JSON.parse(readFileSync(join(pluginDataDir(app.config, 'echo'), 'configured.json'), 'utf8'));
  t.deepEqual(configured.secretNames, ['apiToken']);
  t.regex(configured.webhook, /\/api\/v1\/plugin-webhooks\/echo$/);
  const logs = await app.request('GET', '/api/v1/plugins/echo/logs', { token: admin.token });
  t.true(logs.body.lines.some((l: string) => l.includes('echo plugin listening')), 'stdout is kept for admins');
});

test.serial('SubmitInboundMessage: new ticket, same thread joins it, resubmits are deduplicated', async (t) => {
  const { app } = t.context;
  const first = await hook(t, '/inbound', { externalId: 'm-1', from: '+15550001', name: 'Ada', text: 'My parcel is late\nOrder 42' });
  t.is(first.status, 200, JSON.stringify(first.body));
  const r1 = first.body.result;
  t.true(r1.createdTicket);
  t.false(r1.duplicate);
  const ticket = await app.db('tickets').where({ id: r1.ticketId }).first();
  t.is(ticket.channel, 'echo');
  t.is(ticket.subject, 'My parcel is late');
  t.is(ticket.requester_id, r1.customerId);
  const entry = await app.db('conversation_entries').where({ id: r1.entryId }).first();
  t.like(entry, { kind: 'customer_message', author_type: 'customer', author_id: r1.customerId, channel: 'echo' });
  t.like(entry.metadata, { plugin: 'echo', externalId: 'm-1', provider: { via: 'echo' } });
  t.like(await app.db('customers').where({ id: r1.customerId }).first(), { name: 'Ada' });

  const second = (await hook(t, '/inbound', { externalId: 'm-2', from: '+15550001', text: 'Any news?' })).body.result;
  t.is(second.ticketId, r1.ticketId, 'the open ticket of the thread gets the entry');
  t.false(second.createdTicket);
  t.is(second.customerId, r1.customerId, 'the channel identity maps to the same customer');

  const again = (await hook(t, '/inbound', { externalId: 'm-1', from: '+15550001', text: 'My parcel is late\nOrder 42' })).body.result;
  t.deepEqual(again, { ...r1, duplicate: true });
  t.is(await count(app.db('conversation_entries').where({ ticket_id: r1.ticketId })), 2);
  t.is(await count(app.db('audit_log').where({ action: 'plugin.inbound_message' })), 2);

  const bad = await hostCall(t, 'SubmitInboundMessage', { channel: 'sms', externalId: 'x', sender: { address: '1' }, bodyText: 'hi' });
  t.like(bad, { ok: false, code: 'INVALID_ARGUMENT' }, 'a channel the plugin does not serve');
  const empty = await hostCall(t, 'SubmitInboundMessage', { channel: 'echo', externalId: '', sender: { address: '' }, bodyText: '' });
  t.like(empty, { ok: false, code: 'INVALID_ARGUMENT' });
});

test.serial('GetConfig, FindOrCreateCustomer and permission checks over gRPC', async (t) => {
  const cfg = await hostCall(t, 'GetConfig', {});
  t.true(cfg.ok);
  t.deepEqual(JSON.parse(cfg.result.settingsJson), { greeting: 'hi', hangHealth: false, healthStatus: 'SERVING' });
  t.deepEqual(cfg.result.secrets, { apiToken: 'tok-1234' });
  t.deepEqual(cfg.result.grantedPermissions, [...GRANTED].sort());

  const unknown = await hostCall(t, 'FindOrCreateCustomer', { channel: 'echo', identity: { address: '+15559999' }, create: false });
  t.like(unknown, { ok: false, code: 'NOT_FOUND' });
  const created = await hostCall(t, 'FindOrCreateCustomer', { channel: 'echo', identity: { address: '+15559999', displayName: 'Bo' }, email: 'bo@example.com', create: true });
  t.like(created.result, { name: 'Bo', email: 'bo@example.com', created: true });
  const found = await hostCall(t, 'FindOrCreateCustomer', { channel: 'echo', identity: { address: '+15559999' }, create: false });
  t.like(found.result, { customerId: created.result.customerId, created: false });

  const denied = await hostCall(t, 'SubscribeTicketEvents', {});
  t.like(denied, { ok: false, code: 'PERMISSION_DENIED' }, 'events:subscribe was not granted');
  t.regex(String(denied.details), /events:subscribe/);

  const receipt = await hostCall(t, 'UpdateDeliveryStatus', { deliveryId: 999999, state: 'DELIVERED' });
  t.like(receipt, { ok: false, code: 'NOT_FOUND' });
  const garbage = await hostCall(t, 'UpdateDeliveryStatus', { externalId: 'nope' });
  t.like(garbage, { ok: false, code: 'INVALID_ARGUMENT' }, 'no state');
});

test.serial('webhooks are forwarded verbatim; unknown plugins 404; size limited', async (t) => {
  const { app } = t.context;
  const bytes = Buffer.from([0x7b, 0xff, 0x00, 0x22, 0x7d]); // not UTF-8, not JSON: must arrive untouched
  const res = await app.request('POST', '/api/v1/plugin-webhooks/echo/raw?a=1&b=two', { rawBody: bytes, headers: { 'content-type': 'application/json', 'X-Signature': 'abc', cookie: 'session=secret' } });
  t.is(res.status, 200);
  t.is(res.headers.get('x-echo'), 'yes');
  t.is(res.body.bodyHex, bytes.toString('hex'));
  t.is(res.body.query, 'a=1&b=two');
  t.is(res.body.method, 'POST');
  t.is(res.body.headers['x-signature'], 'abc');
  t.is(res.body.headers.cookie, undefined, 'browser cookies are not forwarded');
  t.regex(res.body.publicUrl, /\/api\/v1\/plugin-webhooks\/echo\/raw\?a=1&b=two$/);
  const get = await app.request('GET', '/api/v1/plugin-webhooks/echo/raw');
  t.is(get.body.method, 'GET');
  t.is((await app.request('POST', '/api/v1/plugin-webhooks/nobody/raw', { body: {} })).status, 404);
  const big = await app.request('POST', '/api/v1/plugin-webhooks/echo/raw', { rawBody: Buffer.alloc(70_000, 1) });
  t.is(big.status, 413);
});

test.serial('an agent reply on a plugin ticket is delivered through DeliverMessage with delivery state', async (t) => {
  const { app, admin } = t.context;
  const inbound = (await hook(t, '/inbound', { externalId: 'm-out', from: '+15550077', text: 'Please answer me' })).body.result;
  const reply = await app.request('POST', `/api/v1/tickets/${inbound.ticketId}/entries`, { token: admin.token, body: { kind: 'public_reply', bodyText: 'On its way!' } });
  t.is(reply.status, 201, JSON.stringify(reply.body));
  const entries = async () => (await app.request('GET', `/api/v1/tickets/${inbound.ticketId}/entries`, { token: admin.token })).body.data as any[];
  const sent = await waitFor('delivery sent', async () => (await entries()).find((e) => e.id === reply.body.id && e.delivery?.state === 'sent'));
  t.like(sent.delivery, { plugin: 'echo', attempts: 1, error: null });
  t.is((await entries()).find((e) => e.id === inbound.entryId).delivery, null, 'customer messages have no delivery');
  const lines = readFileSync(join(pluginDataDir(app.config, 'echo'), 'deliveries.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const call = lines.find((l) => l.bodyText === 'On its way!');
  t.like(call, { channel: 'echo', ticketId: inbound.ticketId, threadExternalId: '+15550077', replyToExternalId: 'm-out', idempotencyKey: `entry:${reply.body.id}`, secretSeen: 'tok-1234' });
  t.is(call.recipient.address, '+15550077');
  const delivery = await app.db('plugin_deliveries').where({ entry_id: reply.body.id }).first();
  t.deepEqual(delivery.external_ids, [`echo-out-${delivery.id}`]);

  // A provider receipt by external id moves it forward; a stale one does not move it back.
  t.true((await hostCall(t, 'UpdateDeliveryStatus', { externalId: `echo-out-${delivery.id}`, state: 'DELIVERED' })).ok);
  t.true((await hostCall(t, 'UpdateDeliveryStatus', { deliveryId: delivery.id, state: 'SENT' })).ok);
  t.is((await entries()).find((e) => e.id === reply.body.id).delivery.state, 'delivered');

  // Permanent provider refusal: failed, not retried. A transient one: retried, then sent.
  const refused = await app.request('POST', `/api/v1/tickets/${inbound.ticketId}/entries`, { token: admin.token, body: { kind: 'public_reply', bodyText: 'permanent-failure please' } });
  const failed = await waitFor('delivery failed', async () => (await entries()).find((e) => e.id === refused.body.id && e.delivery?.state === 'failed'));
  t.like(failed.delivery, { attempts: 1, error: { code: 'INVALID_ARGUMENT', message: 'recipient refused by provider' } });
  const flaky = await app.request('POST', `/api/v1/tickets/${inbound.ticketId}/entries`, { token: admin.token, body: { kind: 'public_reply', bodyText: 'flaky network' } });
  const retried = await waitFor('flaky delivery sent after a retry', async () => (await entries()).find((e) => e.id === flaky.body.id && e.delivery?.state === 'sent'), 30_000);
  t.is(retried.delivery.attempts, 2);
  const note = await app.request('POST', `/api/v1/tickets/${inbound.ticketId}/entries`, { token: admin.token, body: { kind: 'internal_note', bodyText: 'not for the customer' } });
  t.is(note.status, 201);
  await new Promise((r) => setTimeout(r, 500));
  t.is(await count(app.db('plugin_deliveries').where({ entry_id: note.body.id })), 0, 'internal notes never leave');
});

test.serial('config changes are validated and re-sent; a hanging plugin hits the deadline and is marked unhealthy', async (t) => {
  const { app, admin } = t.context;
  const bad = await app.request('PUT', '/api/v1/plugins/echo/config', { token: admin.token, body: { config: { greeting: '', healthStatus: 'MAYBE' } } });
  t.is(bad.status, 422);
  t.deepEqual(bad.body.errors.map((f: { path: string }) => f.path).sort(), ['config.greeting', 'config.healthStatus']);
  const hang = await app.request('PUT', '/api/v1/plugins/echo/config', { token: admin.token, body: { config: { greeting: 'hi', hangHealth: true } } });
  t.is(hang.status, 200, 'secrets left out keep their value');
  const started = Date.now();
  const unhealthy = await waitFor('unhealthy', async () => { const p = await plugin(t); return p.status === 'unhealthy' ? p : null; });
  t.regex(unhealthy.healthDetail, /deadline/i);
  // The core is unaffected: other requests answer quickly while the plugin hangs.
  const t0 = Date.now();
  t.is((await app.request('GET', '/api/v1/plugins', { token: admin.token })).status, 200);
  t.true(Date.now() - t0 < 1000);
  t.true(Date.now() - started < 10_000);
  t.true((await hostCall(t, 'GetConfig', {})).ok, 'the plugin still reaches the host');
  // Settings the plugin itself refuses: reported, the process stays up (no restart loop).
  const restarts = (await plugin(t)).restarts;
  await app.request('PUT', '/api/v1/plugins/echo/config', { token: admin.token, body: { config: { greeting: 'refuse' } } });
  const refused = await waitFor('Configure refused', async () => { const p = await plugin(t); return p.lastError?.includes('Configure') ? p : null; });
  t.regex(refused.lastError, /greeting "refuse" is not acceptable/);
  t.is(refused.restarts, restarts);
  await app.request('PUT', '/api/v1/plugins/echo/config', { token: admin.token, body: { config: { greeting: 'back' } } });
  const healthy = await waitFor('healthy again', async () => { const p = await plugin(t); return p.status === 'running' && p.healthDetail === 'greeting=back' ? p : null; });
  t.is(healthy.health, 'serving');
  t.is((await plugin(t)).lastError, null, 'accepted settings clear the error');
  t.deepEqual(JSON.parse((await hostCall(t, 'GetConfig', {})).result.settingsJson).greeting, 'back');
  t.is((await hostCall(t, 'GetConfig', {})).result.secrets.apiToken, 'tok-1234');
});

test.serial('a crashed plugin is restarted and a message submitted before and after the crash yields one entry', async (t) => {
  const { app } = t.context;
  const before = (await hook(t, '/inbound', { externalId: 'm-crash', from: '+15550100', text: 'before the crash' })).body.result;
  t.false(before.duplicate);
  const oldPid = (await plugin(t)).restarts;
  await hook(t, '/crash', {});
  await waitFor('restarted', async () => { const p = await plugin(t); return p.restarts > oldPid && p.status === 'running' ? p : null; });
  // The provider redelivers the message it never got an answer for.
  const after = await waitFor('resubmit after restart', async () => { const r = await hook(t, '/inbound', { externalId: 'm-crash', from: '+15550100', text: 'before the crash' }); return r.status === 200 ? r.body.result : null; });
  t.true(after.duplicate);
  t.is(after.entryId, before.entryId);
  t.is(await count(app.db('plugin_inbound_messages').where({ external_id: 'm-crash' })), 1);
  t.is(await count(app.db('conversation_entries').where({ ticket_id: before.ticketId })), 1);
  const logs = (await app.request('GET', '/api/v1/plugins/echo/logs', { token: t.context.admin.token })).body.lines as string[];
  t.true(logs.some((l) => l.includes('process exited (code 3)')));
});

test.serial('uninstall keeps data; reinstall with events:subscribe streams ticket events resumably', async (t) => {
  const { app, admin } = t.context;
  t.is((await app.request('DELETE', '/api/v1/plugins/echo', { token: admin.token })).status, 204);
  await waitFor('webhooks 404 after uninstall', async () => (await hook(t, '/raw', {})).status === 404);
  t.true(existsSync(join(pluginDataDir(app.config, 'echo'), 'deliveries.jsonl')), 'data kept until purge');
  const again = await app.request('POST', '/api/v1/plugins', { token: admin.token, body: { pluginId: 'echo', approvedPermissions: [...GRANTED, 'events:subscribe'], config: { greeting: 'again' } } });
  t.is(again.status, 201, JSON.stringify(again.body));
  await waitFor('running again', async () => (await plugin(t)).status === 'running');
  const all = await hostCall(t, 'SubscribeTicketEvents', { eventTypes: ['ticket.created'] });
  t.true(all.ok, JSON.stringify(all));
  t.true(all.result.events.length >= 3);
  t.true(all.result.events.every((e: any) => e.type === 'ticket.created' && e.channel === 'echo'));
  const last = all.result.events[all.result.events.length - 2];
  const resumed = await hostCall(t, 'SubscribeTicketEvents', { eventTypes: ['ticket.created'], afterEventId: last.eventId });
  t.is(resumed.result.events.length, 1, 'resuming after an event id gives only what came later');
  const byChannel = await hostCall(t, 'SubscribeTicketEvents', { channels: ['sms'] });
  t.deepEqual(byChannel.result.events, []);
  const notes = await hostCall(t, 'SubscribeTicketEvents', { eventTypes: ['note.created'] });
  t.deepEqual(notes.result.events, [], 'note events need notes:read');
});
