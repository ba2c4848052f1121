/**
 * `npm test`: provide a PostgreSQL (embedded unless DATABASE_URL is set), migrate a template database
 * that each test file clones, run ava, and finish with the `N passed, N failed` line CI counts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { createDb, withDatabase } from '../db/knex';
import { migrateLatest } from '../db/migrate';

const TEMPLATE = 'lantern_test_template';

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

async function main(): Promise<number> {
  let serverUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  let dataDir: string | undefined;
  if (!serverUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'lantern-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    serverUrl = server.url;
    stop = server.stop;
  }
  try {
    const admin = createDb(serverUrl, { poolMax: 1 });
    await admin.raw(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await admin.raw(`CREATE DATABASE ${TEMPLATE}`);
    await admin.destroy();
    const templateUrl = withDatabase(serverUrl, TEMPLATE);
    const template = createDb(templateUrl, { poolMax: 1 });
    await migrateLatest(template, templateUrl);
    await template.destroy();

    return await runAva(serverUrl);
  } finally {
    await stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

function runAva(serverUrl: string): Promise<number> {
  const counts = { pass: 0, fail: 0, skip: 0, todo: 0 };
  return new Promise((resolve) => {
    const child = spawn('npx', ['ava', '--tap', ...process.argv.slice(2)], {
      env: { ...process.env, LANTERN_TEST_SERVER_URL: serverUrl, LANTERN_TEST_TEMPLATE: TEMPLATE },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^# (pass|fail|skip|todo) (\d+)$/.exec(line.trim());
        if (m) counts[m[1] as keyof typeof counts] = Number(m[2]);
      }
    });
    child.on('close', (code) => {
      const skipped = counts.skip + counts.todo;
      console.log(`\n${counts.pass} passed, ${counts.fail} failed${skipped ? `, ${skipped} skipped` : ''}`);
      resolve(code ?? 1);
    });
  });
}

// Exit explicitly: embedded-postgres's exit hook (async-exit-hook) would otherwise end the process with code 0.
process.exit(await main());
