/**
 * Plugin test kit: the echo fixture plugin packed and signed by our own pack code, a local HTTP catalog serving
 * index.json and packages, and the plugin runtime (host + supervisor) plus a job runner for one test app.
 */
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger, run, type Runner } from 'graphile-worker';
import pino from 'pino';
import { createTaskList } from '../../activities/tasks';
import { keyIdOf, packPlugin, rawPublicKey, type PackageSignature } from '../../services/plugins/plugin-package';
import { startPluginRuntime, type PluginRuntime } from '../../services/plugins/plugin-runtime';
import type { TestApp } from './app';

export const ECHO_SOURCE = fileURLToPath(new URL('../fixtures/plugins/echo', import.meta.url));

export type Publisher = { publisher: string; privateKeyPem: string; publicKey: string; keyId: string };

export function newPublisher(publisher = 'lantern-test'): Publisher {
  const { privateKey } = generateKeyPairSync('ed25519');
  const publicKey = rawPublicKey(privateKey);
  return { publisher, privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKey, keyId: keyIdOf(publicKey) };
}

/** A copy of the echo source with manifest changes (version, description...). */
export function echoVariant(change: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-echo-src-'));
  cpSync(ECHO_SOURCE, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, ...change }, null, 2));
  return dir;
}

export type PackedPlugin = { manifest: Record<string, unknown>; bytes: Buffer; signature: PackageSignature };

export async function packEcho(publisher: Publisher, change: Record<string, unknown> = {}): Promise<PackedPlugin> {
  const outDir = mkdtempSync(join(tmpdir(), 'lantern-echo-pkg-'));
  const packed = await packPlugin({ sourceDir: echoVariant({ publisher: publisher.publisher, ...change }), outDir, privateKeyPem: publisher.privateKeyPem, publisher: publisher.publisher });
  return { manifest: packed.manifest, bytes: packed.bytes, signature: packed.signature };
}

/** index.json entries: signature inline (`inline`), as a .sig.json file (`file`) or absent (`none`). */
export type CatalogItem = { packed: PackedPlugin; bytes?: Buffer; signature?: unknown; sig?: 'inline' | 'file' | 'none' };

export type Catalog = { url: string; items: CatalogItem[]; close: () => Promise<void> };

export async function serveCatalog(items: CatalogItem[]): Promise<Catalog> {
  const catalog: Catalog = { url: '', items, close: async () => {} };
  const name = (i: CatalogItem) => `${String(i.packed.manifest.id)}-${String(i.packed.manifest.version)}.tgz`;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/index.json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({
        plugins: catalog.items.map((i) => ({
          manifest: i.packed.manifest, url: name(i),
          ...((i.sig ?? 'inline') === 'inline' && { signature: i.signature ?? i.packed.signature }),
        })),
      }));
      return;
    }
    for (const i of catalog.items) {
      if (path === `/${name(i)}`) return void res.end(i.bytes ?? i.packed.bytes);
      if (path === `/${name(i)}.sig.json` && i.sig === 'file') return void res.end(JSON.stringify(i.signature ?? i.packed.signature));
    }
    res.statusCode = 404;
    res.end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  catalog.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.json`;
  catalog.close = () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); });
  return catalog;
}

export const FAST_SUPERVISOR = {
  healthIntervalMs: 400, healthDeadlineMs: 600, startupTimeoutMs: 20_000, backoffBaseMs: 150, backoffMaxMs: 1_000,
  crashLoopCount: 4, crashLoopWindowMs: 5_000, unhealthyRestartAfter: 1_000, stopGraceMs: 2_000,
};

export type PluginWorld = { runtime: PluginRuntime; runner: Runner; stop: () => Promise<void> };

export async function startPluginWorld(app: TestApp, supervisor: Partial<typeof FAST_SUPERVISOR> = {}): Promise<PluginWorld> {
  const logger = pino({ level: 'silent' });
  const runtime = startPluginRuntime({ db: app.db, connectionString: app.dbUrl, config: app.config, logger, reconcileMs: 1_000, supervisor: { ...FAST_SUPERVISOR, ...supervisor } });
  await runtime.ready;
  const runner = await run({
    connectionString: app.dbUrl, taskList: createTaskList({ db: app.db, config: app.config, logger }), concurrency: 2,
    noHandleSignals: true, crontab: '', pollInterval: 100, logger: new Logger(() => () => {}),
  });
  return { runtime, runner, stop: async () => { await runner.stop(); await runtime.stop(); } };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
