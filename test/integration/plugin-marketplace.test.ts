/**
 * The plugin marketplace: catalog sources (a built-in folder packed and signed at start with the installation's
 * own key, and remote index.json catalogs), signature and checksum verification that refuses unsigned, tampered
 * and untrusted packages with a clear reason, upgrades with rollback on a failed health check, disable/enable,
 * crash-loop detection, uninstall and purge. Packages are the echo fixture, packed and signed by our pack code.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { createWorker, startTestApp, type TestApp, type TestWorker } from '../helpers/app';
import { count } from '../helpers/db';
import {
  echoVariant, newPublisher, packEcho, serveCatalog, startPluginWorld, waitFor, type Catalog, type CatalogItem, type PluginWorld, type Publisher,
} from '../helpers/plugins';
import { builtinKeyFile, installDir, pluginDataDir } from '../../services/plugins/plugin-paths';
import { signPackage } from '../../services/plugins/plugin-package';

type Ctx = { app: TestApp; world: PluginWorld; admin: TestWorker; publisher: Publisher; catalogs: Catalog[] };
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  // The built-in catalog folder holds one plugin from publisher "lantern" (the built-in key signs it).
  const builtins = mkdtempSync(join(tmpdir(), 'lantern-builtins-'));
  const src = echoVariant({ id: 'echo-builtin', publisher: 'lantern', channels: ['echo_builtin'], name: 'Echo built-in' });
  const { cpSync } = await import('node:fs');
  cpSync(src, join(builtins, 'echo-builtin'), { recursive: true });
  const app = await startTestApp({ LANTERN_PLUGINS_DIR: builtins });
  const world = await startPluginWorld(app, { crashLoopCount: 3 });
  const admin = await createWorker(app.db, { role: 'admin' });
  const publisher = newPublisher();
  const trust = await app.request('POST', '/api/v1/plugins/publishers', { token: admin.token, body: { publisher: publisher.publisher, publicKey: publisher.publicKey } });
  if (trust.status !== 201) throw new Error(JSON.stringify(trust.body));
  t.context = { app, world, admin, publisher, catalogs: [] };
});

test.after.always(async (t) => {
  await t.context.world?.stop();
  for (const c of t.context.catalogs ?? []) await c.close();
  await t.context.app?.close();
});

async function addCatalog(t: { context: Ctx }, items: CatalogItem[]): Promise<string> {
  const catalog = await serveCatalog(items);
  t.context.catalogs.push(catalog);
  const res = await t.context.app.request('POST', '/api/v1/plugins/sources', { token: t.context.admin.token, body: { name: `catalog ${t.context.catalogs.length}`, url: catalog.url } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return String(res.body.id);
}

const install = (t: { context: Ctx }, body: Record<string, unknown>) =>
  t.context.app.request('POST', '/api/v1/plugins', { token: t.context.admin.token, body: { approvedPermissions: ['inbound:submit'], config: { apiToken: 'tok-9999' }, ...body } });
const get = async (t: { context: Ctx }, id: string) => (await t.context.app.request('GET', `/api/v1/plugins/${id}`, { token: t.context.admin.token })).body;

test.serial('the built-in catalog is packed and signed with a generated key that is trusted automatically', async (t) => {
  const { app, admin } = t.context;
  const catalog = await app.request('GET', '/api/v1/plugins/catalog?q=built-in', { token: admin.token });
  t.is(catalog.status, 200);
  t.deepEqual(catalog.body.data.map((e: any) => [e.id, e.source, e.signed, e.compatible]), [['echo-builtin', 'builtin', true, true]]);
  const res = await install(t, { pluginId: 'echo-builtin', source: 'builtin' });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.is(res.body.publisher, 'lantern');
  const keys = (await app.request('GET', '/api/v1/plugins/publishers', { token: admin.token })).body.data;
  const builtin = keys.find((k: any) => k.builtin);
  t.like(builtin, { publisher: 'lantern', keyId: res.body.keyId });
  t.is(statSync(builtinKeyFile(app.config)).mode & 0o777, 0o600, 'the private key is readable by the platform only');
  t.is((await app.request('DELETE', `/api/v1/plugins/publishers/${builtin.id}`, { token: admin.token })).status, 409);
  await waitFor('built-in plugin running', async () => (await get(t, 'echo-builtin')).status === 'running');
  t.is((await app.request('GET', '/api/v1/plugins/catalog?q=nothing-like-this', { token: admin.token })).body.data.length, 0);
});

test.serial('unsigned, tampered, untrusted and forged packages are refused with a clear reason', async (t) => {
  const { app, publisher } = t.context;
  const good = await packEcho(publisher, { id: 'echo-refused', channels: ['refused'] });
  const stranger = newPublisher('lantern-test');
  const foreign = await packEcho(stranger, { id: 'echo-refused', channels: ['refused'] });
  const tampered = Buffer.from(good.bytes);
  tampered[tampered.length - 20] = (tampered[tampered.length - 20] ?? 0) ^ 0xff;
  // Signed by another key but claiming the trusted key's id.
  const forged = { ...signPackage(good.bytes, stranger.privateKeyPem, publisher.publisher), keyId: publisher.keyId };
  const cases: [string, CatalogItem, string][] = [
    ['unsigned', { packed: good, sig: 'none' }, 'package_unsigned'],
    ['tampered', { packed: good, bytes: tampered }, 'package_tampered'],
    ['untrusted key', { packed: foreign }, 'untrusted_publisher'],
    ['forged signature', { packed: good, signature: forged }, 'bad_signature'],
    ['malformed signature file', { packed: good, sig: 'file', signature: { sha256: 'x' } }, 'package_unsigned'],
  ];
  for (const [name, item, code] of cases) {
    const source = await addCatalog(t, [item]);
    const res = await install(t, { pluginId: 'echo-refused', source });
    t.is(res.status, 422, name);
    t.is(res.body.code, code, `${name}: ${JSON.stringify(res.body)}`);
    t.regex(res.headers.get('content-type') ?? '', /^application\/problem\+json/, name);
  }
  const listed = (await app.request('GET', '/api/v1/plugins/catalog?q=echo-refused', { token: t.context.admin.token })).body.data;
  t.true(listed.some((e: any) => e.signed === false), 'the catalog shows unsigned entries as such');
  t.is(await count(app.db('plugin_installations').where({ plugin_id: 'echo-refused' })), 0);
  t.false(existsSync(installDir(app.config, 'echo-refused', '1.0.0')), 'nothing unpacked');
  const signedFile = await addCatalog(t, [{ packed: good, sig: 'file' }]);
  t.is((await install(t, { pluginId: 'echo-refused', source: signedFile })).status, 201, 'the same package with its .sig.json is accepted');
  t.is((await install(t, { pluginId: 'echo-refused', source: signedFile })).status, 409, 'installed twice');
});

test.serial('upgrade switches versions; a failed health check rolls back to the previous one', async (t) => {
  const { app, admin, publisher } = t.context;
  const source = await addCatalog(t, [
    { packed: await packEcho(publisher, { id: 'echo-up', channels: ['up'] }) },
    { packed: await packEcho(publisher, { id: 'echo-up', channels: ['up'], version: '1.1.0' }) },
    { packed: await packEcho(publisher, { id: 'echo-up', channels: ['up'], version: '1.2.0', description: 'broken-build' }) },
    { packed: await packEcho(publisher, { id: 'echo-up', channels: ['up'], version: '9.0.0', minPlatformVersion: '99.0.0' }) },
  ]);
  const res = await install(t, { pluginId: 'echo-up', source, version: '1.0.0' });
  t.is(res.status, 201, JSON.stringify(res.body));
  await waitFor('1.0.0 running', async () => (await get(t, 'echo-up')).status === 'running');
  const tooNew = await app.request('POST', '/api/v1/plugins/echo-up/upgrade', { token: admin.token, body: { version: '9.0.0', source } });
  t.is(tooNew.status, 422);
  t.is(tooNew.body.code, 'platform_too_old');

  const up = await app.request('POST', '/api/v1/plugins/echo-up/upgrade', { token: admin.token, body: { version: '1.1.0', source } });
  t.is(up.status, 202, JSON.stringify(up.body));
  const upgraded = await waitFor('1.1.0 running', async () => { const p = await get(t, 'echo-up'); return p.version === '1.1.0' && p.status === 'running' ? p : null; });
  t.is(upgraded.previousVersion, '1.0.0');
  t.deepEqual(upgraded.grantedPermissions, ['inbound:submit'], 'grants carry over');
  const hello = await app.request('POST', '/api/v1/plugin-webhooks/echo-up/raw', { body: {} });
  t.is(hello.status, 200, 'the new version answers webhooks');

  t.is((await app.request('POST', '/api/v1/plugins/echo-up/upgrade', { token: admin.token, body: { version: '1.2.0', source } })).status, 202);
  const rolled = await waitFor('rolled back', async () => { const p = await get(t, 'echo-up'); return p.version === '1.1.0' && p.lastError?.includes('rolled back') && p.status === 'running' ? p : null; }, 30_000);
  t.regex(rolled.lastError, /upgrade to 1\.2\.0 failed/);
  t.is(await count(app.db('audit_log').where({ action: 'plugin.rollback', entity_id: 'echo-up' })), 1);
});

test.serial('disable stops the plugin and its webhooks; enable brings it back', async (t) => {
  const { app, admin } = t.context;
  t.is((await app.request('POST', '/api/v1/plugins/echo-up/disable', { token: admin.token })).status, 200);
  await waitFor('stopped', async () => (await get(t, 'echo-up')).status === 'stopped');
  t.is((await app.request('POST', '/api/v1/plugin-webhooks/echo-up/raw', { body: {} })).status, 404);
  t.is((await app.request('POST', '/api/v1/plugins/echo-up/enable', { token: admin.token })).status, 200);
  await waitFor('running', async () => (await get(t, 'echo-up')).status === 'running');
  t.is((await app.request('POST', '/api/v1/plugin-webhooks/echo-up/raw', { body: {} })).status, 200);
});

test.serial('a plugin that keeps crashing is marked crash_loop and no longer restarted', async (t) => {
  const { publisher } = t.context;
  const source = await addCatalog(t, [{ packed: await packEcho(publisher, { id: 'echo-crashy', channels: ['crashy'], description: 'broken-build' }) }]);
  t.is((await install(t, { pluginId: 'echo-crashy', source })).status, 201);
  const looping = await waitFor('crash loop', async () => { const p = await get(t, 'echo-crashy'); return p.status === 'crash_loop' ? p : null; }, 30_000);
  t.regex(looping.lastError, /crash loop/);
  const restarts = looping.restarts;
  await new Promise((r) => setTimeout(r, 1500));
  const later = await get(t, 'echo-crashy');
  t.is(later.status, 'crash_loop');
  t.is(later.restarts, restarts, 'no more restarts');
  const logs = (await t.context.app.request('GET', '/api/v1/plugins/echo-crashy/logs', { token: t.context.admin.token })).body.lines as string[];
  t.true(logs.some((l) => l.includes('this build is broken on purpose')), 'stderr is kept for admins');
});

test.serial('uninstall keeps data until purge; purge removes it', async (t) => {
  const { app, admin } = t.context;
  const dataDir = pluginDataDir(app.config, 'echo-up');
  writeFileSync(join(dataDir, 'state.txt'), 'keep me');
  t.is((await app.request('POST', '/api/v1/plugins/echo-up/purge', { token: admin.token })).status, 409, 'uninstall first');
  t.is((await app.request('DELETE', '/api/v1/plugins/echo-up', { token: admin.token })).status, 204);
  t.is((await app.request('GET', '/api/v1/plugins/echo-up', { token: admin.token })).body.status, 'uninstalled');
  t.false((await app.request('GET', '/api/v1/plugins', { token: admin.token })).body.data.some((p: any) => p.pluginId === 'echo-up'));
  t.is(readFileSync(join(dataDir, 'state.txt'), 'utf8'), 'keep me');
  t.is((await app.request('POST', '/api/v1/plugins/echo-up/purge', { token: admin.token })).status, 204);
  t.false(existsSync(dataDir));
  t.is((await app.request('GET', '/api/v1/plugins/echo-up', { token: admin.token })).status, 404);
  t.deepEqual((await app.db('audit_log').where({ entity_type: 'plugin', entity_id: 'echo-up' }).orderBy('id').pluck('action')),
    ['plugin.install', 'plugin.upgrade', 'plugin.upgrade', 'plugin.rollback', 'plugin.disable', 'plugin.enable', 'plugin.uninstall', 'plugin.purge']);
});

test.serial('an external plugin gets its tokens once and is health-checked at its address', async (t) => {
  const { publisher } = t.context;
  const source = await addCatalog(t, [{ packed: await packEcho(publisher, { id: 'echo-ext', channels: ['ext'] }) }]);
  const res = await install(t, { pluginId: 'echo-ext', source, mode: 'external', externalAddress: '127.0.0.1:1' });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.regex(res.body.credentials.pluginToken, /^lpt_/);
  t.regex(res.body.credentials.hostCallToken, /^lht_/);
  t.is((await get(t, 'echo-ext')).credentials, undefined, 'shown only once');
  const down = await waitFor('unhealthy', async () => { const p = await get(t, 'echo-ext'); return p.status === 'unhealthy' ? p : null; });
  t.is(down.health, 'unreachable');
});
