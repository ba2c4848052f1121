/**
 * Child process of bench/api.bench.ts: serves the real app and the baseline app on loopback ports from one
 * knex pool, so the load generator in the parent does not share an event loop with the servers.
 * Protocol: the child says `hello` once it listens; `start` → `ready` with both URLs; `count` → how many SQL
 * statements the pool has run and how much CPU this process has used so far.
 * Exits when the parent disconnects.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../config/config';
import { createDb } from '../db/knex';
import { createApp } from '../gateway/app';
import { createEmbeddedEngine } from '../services/lifecycle/embedded-engine';
import { createPolicySource } from '../services/lifecycle/policy-source';
import { localStorage } from '../services/storage/local-storage';
import { createBaselineApp } from './baseline.app';

export type ServersRequest = { type: 'start'; dbUrl: string; dataDir: string } | { type: 'count' };
export type ServersReply =
  | { type: 'hello' }
  | { type: 'ready'; realUrl: string; baselineUrl: string }
  | { type: 'count'; queries: number; cpuMicros: number };

async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function start(dbUrl: string, dataDir: string): Promise<void> {
  const db = createDb(dbUrl);
  let queries = 0;
  db.on('query', () => { queries += 1; });
  const config = loadConfig({
    LANTERN_DATA_DIR: dataDir,
    LANTERN_LOG_LEVEL: 'silent',
    LANTERN_RATE_LIMIT_PER_IP: '1000000000',
    LANTERN_RATE_LIMIT_PER_KEY: '1000000000',
  });
  const status = await db('statuses').where({ is_default: true }).first('id', 'category');
  const priority = await db('priorities').where({ is_default: true }).first('id', 'rank');
  const engine = createEmbeddedEngine({ db, policies: createPolicySource(db) });
  const real = createApp({ db, config, logger: pino({ level: 'silent' }), storage: localStorage(join(dataDir, 'attachments')), engine })
    .listen(0, '127.0.0.1');
  const baseline = createBaselineApp(db, { statusId: status.id, statusCategory: status.category, priorityId: priority.id, priorityRank: priority.rank })
    .listen(0, '127.0.0.1');
  const ready: ServersReply = { type: 'ready', realUrl: await listen(real), baselineUrl: await listen(baseline) };
  process.on('message', (msg: ServersRequest) => {
    if (msg.type !== 'count') return;
    const cpu = process.cpuUsage();
    process.send!({ type: 'count', queries, cpuMicros: cpu.user + cpu.system } satisfies ServersReply);
  });
  process.once('disconnect', () => {
    for (const s of [real, baseline]) {
      s.close();
      s.closeAllConnections();
    }
    void db.destroy().finally(() => process.exit(0));
  });
  process.send!(ready);
}

if (!process.send) throw new Error('bench/api-servers.ts runs as a child of bench/api.bench.ts');
process.once('message', (msg: ServersRequest) => {
  if (msg.type !== 'start') return;
  start(msg.dbUrl, msg.dataDir).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
// Messages sent before this process listens would be lost, so the parent waits for this.
process.send({ type: 'hello' } satisfies ServersReply);
