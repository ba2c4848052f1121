import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig, type Config } from '../../config/config';
import type { WorkerRole } from '../../core/permissions';
import type { Db } from '../../db/knex';
import { createApp } from '../../gateway/app';
import { hashPassword } from '../../services/auth/passwords';
import { newApiKey, newSessionToken } from '../../services/auth/tokens';
import { createLifecycleEngine } from '../../services/lifecycle/engine-factory';
import type { LifecycleEngine } from '../../services/lifecycle/engine-port';
import { createPolicySource } from '../../services/lifecycle/policy-source';
import { localStorage } from '../../services/storage/local-storage';
import { startSearch, type SearchRuntime } from '../../services/search/search-runtime';
import { createTestDatabase } from './db';

export type HttpResult<T = any> = { status: number; headers: Headers; body: T };

export type TestApp = {
  url: string;
  db: Db;
  dbUrl: string;
  config: Config;
  /** The lifecycle engine the app was given (embedded unless the env sets TEMPORAL_ADDRESS). */
  engine: LifecycleEngine;
  dataDir: string;
  /** The embedded Meilisearch and its engine, with `{ search: true }` only (other suites never start it). */
  search?: SearchRuntime;
  request: <T = any>(method: string, path: string, opts?: { token?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> }) => Promise<HttpResult<T>>;
  close: () => Promise<void>;
};

/** The real app on a random loopback port with its own database. */
export async function startTestApp(env: Record<string, string> = {}, options: { search?: boolean } = {}): Promise<TestApp> {
  const tdb = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'lantern-test-data-'));
  const config = loadConfig({
    LANTERN_DATA_DIR: dataDir,
    LANTERN_LOG_LEVEL: 'silent',
    LANTERN_RATE_LIMIT_PER_IP: '1000000',
    LANTERN_RATE_LIMIT_PER_KEY: '1000000',
    ...env,
  });
  const engine = await createLifecycleEngine(config, { db: tdb.db, policies: createPolicySource(tdb.db) });
  const search = options.search ? await startSearch({ config, logger: pino({ level: 'silent' }) }) : undefined;
  const app = createApp({ db: tdb.db, config, logger: pino({ level: 'silent' }), storage: localStorage(join(dataDir, 'attachments')), engine, ...(search && { search: search.engine }) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    db: tdb.db,
    dbUrl: tdb.url,
    config,
    engine,
    dataDir,
    search,
    request: async (method, path, opts = {}) => {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | Buffer | undefined;
      if (opts.rawBody !== undefined) body = opts.rawBody;
      else if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(url + path, { method, headers, body: typeof body === "string" || body === undefined ? body : new Uint8Array(body) });
      const text = await res.text();
      let parsed: unknown = text;
      if (/json/.test(res.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
      return { status: res.status, headers: res.headers, body: parsed as any };
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await search?.stop();
      await tdb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
const unique = () => `${process.pid}-${Date.now()}-${++counter}`;

export type TestWorker = { id: number; email: string; token: string; password: string };

/** A worker with a live session token (inserted like the login service does). */
export async function createWorker(db: Db, opts: { role: WorkerRole; teamIds?: number[]; allTickets?: boolean; name?: string }): Promise<TestWorker> {
  const email = `${opts.role}-${unique()}@test.local`;
  const password = 'correct horse battery';
  const [w] = await db('workers').insert({ name: opts.name ?? `${opts.role} ${counter}`, email, role: opts.role, all_tickets: opts.allTickets ?? false, password_hash: await hashPassword(password) }).returning('id');
  for (const teamId of opts.teamIds ?? []) await db('team_members').insert({ team_id: teamId, worker_id: w.id });
  return { id: w.id, email, password, token: await sessionFor(db, 'worker', w.id) };
}

export type TestCustomer = { id: number; email: string; token: string };

export async function createCustomer(db: Db, opts: { organizationId?: number } = {}): Promise<TestCustomer> {
  const email = `customer-${unique()}@test.local`;
  const [c] = await db('customers').insert({ name: `Customer ${counter}`, email, organization_id: opts.organizationId ?? null, password_hash: await hashPassword('customer password 1') }).returning('id');
  return { id: c.id, email, token: await sessionFor(db, 'customer', c.id) };
}

export async function sessionFor(db: Db, type: 'worker' | 'customer', id: number): Promise<string> {
  const { token, hash } = newSessionToken();
  await db('sessions').insert({ token_hash: hash, principal_type: type, principal_id: id, expires_at: new Date(Date.now() + 3_600_000) });
  return token;
}

export async function createPluginKey(db: Db, scopes: string[]): Promise<{ id: number; key: string }> {
  const k = newApiKey();
  const [row] = await db('api_keys').insert({ name: `plugin ${unique()}`, prefix: k.prefix, secret_hash: k.secretHash, role: 'plugin', scopes }).returning('id');
  return { id: row.id, key: k.key };
}

export async function createTeam(db: Db, name = `Team ${unique()}`): Promise<number> {
  const [t] = await db('teams').insert({ name }).returning('id');
  return t.id;
}
