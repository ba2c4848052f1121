import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import type { Db } from '../../db/knex';
import { prepareBuiltinCatalog } from './catalog.service';
import { startHostServer, type HostServer } from './host-server';
import { PLUGINS_CHANNEL } from './plugin-notify';
import { createSupervisor, type Supervisor, type SupervisorOptions } from './supervisor';

/** Session-level advisory lock key: only its holder supervises plugins and serves the Host port. */
const SUPERVISOR_LOCK = 'lantern-plugin-supervisor';

export type PluginRuntime = {
  /** Resolves when this process holds the lock and has started the host and supervisor (tests wait on it). */
  ready: Promise<{ host: HostServer; supervisor: Supervisor }>;
  isLeader: () => boolean;
  stop: () => Promise<void>;
};

/**
 * The plugin runtime of one process (bin/start.ts, bin/worker.ts): every process may try, one wins a PostgreSQL
 * advisory lock held on a dedicated connection and runs the Host gRPC server and the supervisor; the others retry,
 * so a crashed leader is replaced. The same connection LISTENs for installation changes (pg_notify on commit).
 */
export function startPluginRuntime(deps: {
  db: Db; connectionString: string; config: Config; logger: Logger; retryMs?: number; reconcileMs?: number; supervisor?: Partial<SupervisorOptions>;
}): PluginRuntime {
  const { db, config } = deps;
  const logger = deps.logger.child({ component: 'plugins' });
  const retryMs = deps.retryMs ?? 5_000;
  let stopped = false;
  let leader = false;
  let client: pg.Client | null = null;
  let host: HostServer | null = null;
  let supervisor: Supervisor | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let reconcileTimer: NodeJS.Timeout | null = null;
  let resolveReady!: (v: { host: HostServer; supervisor: Supervisor }) => void;
  const ready = new Promise<{ host: HostServer; supervisor: Supervisor }>((r) => { resolveReady = r; });

  async function attempt(): Promise<void> {
    if (stopped) return;
    try {
      client = new pg.Client({ connectionString: deps.connectionString });
      client.on('error', (err) => logger.warn({ err }, 'plugin supervisor connection error'));
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [SUPERVISOR_LOCK]);
      if (!rows[0]?.ok) {
        await client.end();
        client = null;
        retryTimer = setTimeout(() => void attempt(), retryMs);
        retryTimer.unref();
        return;
      }
      leader = true;
      host = await startHostServer({ db, config, logger });
      supervisor = createSupervisor({ db, config, logger, hostAddress: host.address, ...(deps.supervisor && { options: deps.supervisor }) });
      const sup = supervisor;
      client.on('notification', (n) => { if (n.channel === PLUGINS_CHANNEL) void sup.reconcile(n.payload || undefined); });
      // Losing the connection loses the lock: stop everything so another process can take over cleanly.
      client.on('end', () => { if (!stopped) void demote(); });
      await client.query(`LISTEN ${PLUGINS_CHANNEL}`);
      await sup.reconcile();
      reconcileTimer = setInterval(() => void sup.reconcile(), deps.reconcileMs ?? 30_000);
      reconcileTimer.unref();
      logger.info({ host: host.address }, 'this process supervises plugins');
      resolveReady({ host, supervisor: sup });
      void prepareBuiltinCatalog(db, config, logger).catch((err: unknown) => logger.warn({ err }, 'built-in plugin catalog not prepared'));
    } catch (err) {
      logger.error({ err }, 'plugin runtime could not start; retrying');
      await demote();
    }
  }

  async function demote(): Promise<void> {
    leader = false;
    if (reconcileTimer) clearInterval(reconcileTimer);
    await supervisor?.stop().catch(() => undefined);
    await host?.stop().catch(() => undefined);
    supervisor = null;
    host = null;
    const c = client;
    client = null;
    c?.removeAllListeners('end');
    await c?.end().catch(() => undefined);
    if (!stopped) {
      retryTimer = setTimeout(() => void attempt(), retryMs);
      retryTimer.unref();
    }
  }

  if (config.plugins.supervise) void attempt();
  else logger.info('plugin supervision disabled in this process (LANTERN_PLUGINS_SUPERVISE=false)');

  return {
    ready,
    isLeader: () => leader,
    stop: async () => {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (reconcileTimer) clearInterval(reconcileTimer);
      await supervisor?.stop();
      await host?.stop();
      // Ending the session releases the advisory lock.
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
