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

/** A temp dir removed when the process exits however it exits (embedded-postgres stops its server on signals itself). */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(path, { recursive: true, force: true });
  process.once('exit', remove);
  return { path, remove: () => { process.off('exit', remove); remove(); } };
}

/**
 * A fresh, migrated database for one benchmark run: on the server at `serverUrl` when given (DATABASE_URL),
 * else on an embedded PostgreSQL in a temp dir on a free loopback port. `close` removes everything it created:
 * the database on an external server, the whole cluster when embedded.
 */
export async function openBenchDatabase(opts: { serverUrl: string | undefined; poolMax?: number; log: (msg: string) => void }): Promise<BenchDatabase> {
  let serverUrl = opts.serverUrl;
  let stopServer: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const dir = tempDir('lantern-bench-pg-');
    const port = await freePort();
    opts.log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${dir.path})`);
    const server = await startEmbeddedPostgres({ dataDir: dir.path, port, persistent: false });
    serverUrl = server.url;
    stopServer = async () => {
      try {
        await server.stop();
      } finally {
        dir.remove();
      }
    };
  }
  const name = `lantern_bench_${randomBytes(4).toString('hex')}`;
  const admin = createDb(serverUrl, { poolMax: 1 });
  let db: Db | undefined;
  let closing: Promise<void> | undefined;
  // Idempotent: the signal handler and the run's own `finally` may both close.
  const close = () => (closing ??= (async () => {
    try {
      await db?.destroy();
      // An embedded cluster is deleted whole; on a shared server drop only what this run created.
      if (!stopServer) await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.destroy().catch(() => {});
      await stopServer?.();
    }
  })());
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
    const url = withDatabase(serverUrl, name);
    db = createDb(url, { poolMax: opts.poolMax ?? 20 });
    await migrateLatest(db, url);
    const { rows } = await db.raw<{ rows: Array<{ server_version: string }> }>('SHOW server_version');
    return { db, url, serverVersion: rows[0]?.server_version ?? 'unknown', close };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}

let interrupted = false;

/**
 * Run `cleanup` once on Ctrl-C / SIGTERM, then exit 130, so an interrupted run leaves no server or temp dir.
 * The interrupted run usually fails meanwhile (its pool is gone); see `exitCodeOf`.
 */
export function cleanupOnSignal(cleanup: () => Promise<void>): () => void {
  const handler = (signal: NodeJS.Signals) => {
    interrupted = true;
    console.error(`\n${signal}: cleaning up`);
    // The run being torn down fails in all sorts of ways now; none of that may kill the process before cleanup ends.
    process.on('uncaughtException', () => {});
    process.on('unhandledRejection', () => {});
    cleanup().catch(() => {}).finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** The run's exit code; a failure caused by an interruption is left to the signal handler, which exits when clean. */
export async function exitCodeOf(run: Promise<number>): Promise<number | undefined> {
  try {
    return await run;
  } catch (err) {
    if (interrupted) return undefined;
    throw err;
  }
}

export type BenchWorkspace = {
  bench: BenchDatabase;
  /** A temporary data directory (attachments, plugin packages), removed on close. */
  dataDir: string;
  /** Register something to stop on close; stopped last-registered first, failures ignored. */
  onClose: (stop: () => Promise<unknown>) => void;
  /** Stop everything registered, remove the data directory, close the database (also run on Ctrl-C). */
  close: () => Promise<void>;
};

/** A bench database plus a temp data directory and the servers a run starts, all torn down together. */
export async function openBenchWorkspace(opts: { serverUrl: string | undefined; poolMax: number; prefix: string; log: (msg: string) => void }): Promise<BenchWorkspace> {
  const bench = await openBenchDatabase(opts);
  const dataDir = mkdtempSync(join(tmpdir(), `lantern-bench-${opts.prefix}-`));
  const stops: Array<() => Promise<unknown>> = [];
  const teardown = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    await bench.close();
  };
  const release = cleanupOnSignal(teardown);
  return {
    bench, dataDir, onClose: (stop) => { stops.push(stop); },
    close: async () => { release(); await teardown(); },
  };
}
