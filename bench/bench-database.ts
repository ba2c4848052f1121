import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { createDb, withDatabase, type Db } from '../db/knex';
import { migrateLatest } from '../db/migrate';

export type BenchDatabase = { db: Db; url: string; serverVersion: string; close: () => Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A fresh, migrated database for one benchmark run: on the server at `serverUrl` when given (DATABASE_URL),
 * else on an embedded PostgreSQL in a temp dir on a free loopback port. `close` drops everything it created.
 */
export async function openBenchDatabase(opts: { serverUrl: string | undefined; poolMax?: number; log: (msg: string) => void }): Promise<BenchDatabase> {
  let serverUrl = opts.serverUrl;
  let stopServer = async () => {};
  if (!serverUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'lantern-bench-pg-'));
    const port = await freePort();
    opts.log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})`);
    const server = await startEmbeddedPostgres({ dataDir, port, persistent: false });
    serverUrl = server.url;
    stopServer = async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const name = `lantern_bench_${randomBytes(4).toString('hex')}`;
  const admin = createDb(serverUrl, { poolMax: 1 });
  const dropDatabase = async () => {
    await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.destroy();
  };
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
    const url = withDatabase(serverUrl, name);
    const db = createDb(url, { poolMax: opts.poolMax ?? 20 });
    await migrateLatest(db, url);
    const { rows } = await db.raw<{ rows: Array<{ server_version: string }> }>('SHOW server_version');
    return {
      db,
      url,
      serverVersion: rows[0]?.server_version ?? 'unknown',
      close: async () => {
        await db.destroy();
        await dropDatabase();
        await stopServer();
      },
    };
  } catch (err) {
    await dropDatabase().catch(() => {});
    await stopServer().catch(() => {});
    throw err;
  }
}

/** Run `cleanup` once on Ctrl-C / SIGTERM before exiting, so an interrupted run leaves no server or temp dir. */
export function cleanupOnSignal(cleanup: () => Promise<void>): () => void {
  const handler = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
