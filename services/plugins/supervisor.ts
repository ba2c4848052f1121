import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import { manifestSchema } from '../../core/plugins/manifest.schema';
import type { Db } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { SYSTEM_ACTOR } from '../../core/principal';
import { publicWebhookUrl, type InstallationRow, type InstallationStatus } from './installation.repository';
import { callPlugin, callTarget, dropPluginClient, isServiceError, type PluginCallTarget } from './plugin-client';
import { installDir, pluginDataDir } from './plugin-paths';
import { decryptJson, encryptSecret, hashToken, newToken } from './plugin-secrets';

export type SupervisorOptions = {
  healthIntervalMs: number;
  healthDeadlineMs: number;
  /** How long a started plugin has to answer Describe. */
  startupTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** This many crashes within the window: status crash_loop, no more restarts until an admin enables it again. */
  crashLoopCount: number;
  crashLoopWindowMs: number;
  /** Consecutive failed health checks after which a hung plugin is killed and restarted. */
  unhealthyRestartAfter: number;
  /** SIGTERM grace before SIGKILL (contract: a plugin exits within 5 s). */
  stopGraceMs: number;
};

export const DEFAULT_SUPERVISOR_OPTIONS: SupervisorOptions = {
  healthIntervalMs: 15_000, healthDeadlineMs: 5_000, startupTimeoutMs: 15_000, backoffBaseMs: 1_000, backoffMaxMs: 60_000,
  crashLoopCount: 5, crashLoopWindowMs: 60_000, unhealthyRestartAfter: 3, stopGraceMs: 5_000,
};

const LOG_LINES = 200;

type Managed = {
  pluginId: string;
  version: string;
  rowVersion: number;
  mode: 'supervised' | 'external';
  child: ChildProcess | null;
  target: PluginCallTarget | null;
  crashes: number[];
  failedChecks: number;
  restartTimer: NodeJS.Timeout | null;
  healthTimer: NodeJS.Timeout | null;
  stopping: boolean;
  logs: string[];
  logFlush: NodeJS.Timeout | null;
};

export type Supervisor = {
  /** Bring running processes in line with the installation rows (all, or one plugin). */
  reconcile: (pluginId?: string) => Promise<void>;
  stop: () => Promise<void>;
  /** In-memory log tail (the DB copy is flushed shortly after). */
  logs: (pluginId: string) => string[];
};

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reason = (err: unknown) => (isServiceError(err) ? `${err.code === 4 ? 'deadline exceeded' : err.details || `gRPC status ${err.code}`}` : String((err as Error)?.message ?? err));

/**
 * Runs each enabled, supervised plugin as a child process (`node <entry>` with the contract's environment),
 * restarts it with exponential backoff, stops restarting on a crash loop, checks its health on a timer with a
 * deadline, keeps the last log lines, and writes status/health to plugin_installations for admins. External
 * plugins are health-checked only. Upgrades that fail their first health check are rolled back.
 */
export function createSupervisor(deps: {
  db: Db; config: Pick<Config, 'dataDir' | 'plugins' | 'secretKey' | 'http'>; logger: Logger; hostAddress: string; options?: Partial<SupervisorOptions>;
}): Supervisor {
  const { db, config, logger, hostAddress } = deps;
  const opts = { ...DEFAULT_SUPERVISOR_OPTIONS, ...deps.options };
  const managed = new Map<string, Managed>();
  let closed = false;
  let queue: Promise<void> = Promise.resolve();

  const setStatus = async (pluginId: string, patch: Partial<Record<keyof InstallationRow, unknown>> & { status?: InstallationStatus }) => {
    try {
      await db('plugin_installations').where({ plugin_id: pluginId }).whereNull('uninstalled_at').update({ ...patch, updated_at: db.fn.now() });
    } catch (err) {
      logger.warn({ err, plugin: pluginId }, 'could not record plugin status');
    }
  };

  const pushLog = (m: Managed, line: string) => {
    m.logs.push(`${new Date().toISOString()} ${line}`.slice(0, 2000));
    if (m.logs.length > LOG_LINES) m.logs.splice(0, m.logs.length - LOG_LINES);
    if (!m.logFlush) {
      m.logFlush = setTimeout(() => {
        m.logFlush = null;
        void setStatus(m.pluginId, { log_tail: JSON.stringify(m.logs) });
      }, 300);
    }
  };

  async function configure(m: Managed, row: InstallationRow): Promise<void> {
    if (!m.target) return;
    await callPlugin(m.target, 'configure', {
      settingsJson: JSON.stringify(row.settings), secrets: decryptJson(config, row.secrets_encrypted), publicWebhookUrl: publicWebhookUrl(config, row.plugin_id),
    }, opts.healthDeadlineMs);
    m.rowVersion = row.row_version;
  }

  /** One health check; returns an error text when the plugin is not usable. */
  async function checkHealth(m: Managed): Promise<string | null> {
    if (!m.target) return 'not running';
    try {
      const res = await callPlugin(m.target, 'checkHealth', {}, opts.healthDeadlineMs);
      m.failedChecks = 0;
      const health = res.status === 'SERVING' ? 'serving' : res.status === 'NOT_CONFIGURED' ? 'not_configured' : res.status === 'DEGRADED' ? 'degraded' : 'unknown';
      await setStatus(m.pluginId, { status: 'running', health, health_detail: res.detail.slice(0, 500), health_checked_at: new Date() });
      return health === 'unknown' ? 'answered without a status' : null;
    } catch (err) {
      m.failedChecks += 1;
      const detail = reason(err);
      pushLog(m, `[host] health check failed: ${detail}`);
      await setStatus(m.pluginId, { status: 'unhealthy', health: 'unreachable', health_detail: detail.slice(0, 500), health_checked_at: new Date() });
      if (m.mode === 'supervised' && m.child && m.failedChecks >= opts.unhealthyRestartAfter) {
        pushLog(m, `[host] ${m.failedChecks} failed health checks in a row: restarting`);
        m.failedChecks = 0;
        m.child.kill('SIGKILL'); // the exit handler restarts it with backoff
      }
      return detail;
    }
  }

  function scheduleHealth(m: Managed) {
    if (m.healthTimer) clearInterval(m.healthTimer);
    m.healthTimer = setInterval(() => { if (!m.stopping) void checkHealth(m); }, opts.healthIntervalMs);
    m.healthTimer.unref();
  }

  async function waitReady(m: Managed, row: InstallationRow): Promise<void> {
    const deadline = Date.now() + opts.startupTimeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      if (m.stopping || !m.child || m.child.exitCode !== null) throw new Error('the plugin process exited during start');
      try {
        const d = await callPlugin(m.target!, 'describe', {}, Math.min(2000, opts.healthDeadlineMs));
        if (d.id !== row.plugin_id || d.version !== row.version) throw new Error(`Describe says ${d.id}@${d.version}, the manifest ${row.plugin_id}@${row.version}`);
        return;
      } catch (err) {
        if (!isServiceError(err)) throw err;
        last = err;
        await sleep(150);
      }
    }
    throw new Error(`no answer to Describe within ${opts.startupTimeoutMs} ms (${reason(last)})`);
  }

  /** Spawn one version and bring it to a configured, health-checked state; throws when it cannot get there. */
  async function spawnPlugin(m: Managed, row: InstallationRow): Promise<void> {
    const dir = installDir(config, row.plugin_id, row.version);
    const port = await freePort('127.0.0.1');
    const pluginToken = newToken('lpt');
    const hostCallToken = newToken('lht');
    const address = `127.0.0.1:${port}`;
    m.target = { pluginId: row.plugin_id, address, token: hostCallToken };
    m.failedChecks = 0;
    dropPluginClient(row.plugin_id);
    // Tokens first, so the plugin's first Host call already authenticates.
    await setStatus(row.plugin_id, {
      status: 'starting', plugin_token_hash: hashToken(pluginToken), host_call_token_encrypted: encryptSecret(config, hostCallToken), runtime_address: address,
    });
    // Only the contract's variables and a minimal environment: never the platform's secrets (DATABASE_URL...).
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, LANG: process.env.LANG, TZ: process.env.TZ, NODE_ENV: process.env.NODE_ENV,
      LANTERN_PLUGIN_ID: row.plugin_id, LANTERN_PLUGIN_LISTEN: address, LANTERN_HOST_CALL_TOKEN: hostCallToken,
      LANTERN_HOST_ADDRESS: hostAddress, LANTERN_PLUGIN_TOKEN: pluginToken, LANTERN_PLUGIN_DATA_DIR: pluginDataDir(config, row.plugin_id),
    };
    const child = spawn(process.execPath, [join(dir, row.manifest.entry)], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    m.child = child;
    m.version = row.version;
    const lines = (prefix: string) => {
      let rest = '';
      return (chunk: Buffer) => {
        const text = rest + chunk.toString('utf8');
        const parts = text.split('\n');
        rest = parts.pop() ?? '';
        for (const l of parts) if (l.trim()) pushLog(m, `${prefix}${l}`);
      };
    };
    child.stdout?.on('data', lines(''));
    child.stderr?.on('data', lines('[stderr] '));
    child.on('error', (err) => pushLog(m, `[host] could not start: ${err.message}`));
    child.on('exit', (code, signal) => {
      if (m.child !== child) return;
      m.child = null;
      m.target = null;
      pushLog(m, `[host] process exited (${signal ?? `code ${code}`})`);
      if (!m.stopping && !closed) onCrash(m, `exited with ${signal ?? `code ${code}`}`);
    });
    pushLog(m, `[host] started ${row.plugin_id}@${row.version} (pid ${child.pid}) on ${address}`);
    await waitReady(m, row);
    try {
      await configure(m, row);
      await setStatus(row.plugin_id, { last_error: null });
    } catch (err) {
      // A plugin that refuses its settings is alive but not configured: say so, do not restart it over and over.
      if (row.status === 'upgrading') throw new Error(`Configure failed: ${reason(err)}`);
      pushLog(m, `[host] Configure refused: ${reason(err)}`);
      await setStatus(row.plugin_id, { last_error: `Configure refused: ${reason(err)}` });
    }
    const problem = await checkHealth(m);
    // An upgrade must prove itself now (else roll back); a running version stays up, unhealthy, and the health
    // timer restarts it if it keeps failing.
    if (problem && row.status === 'upgrading') throw new Error(`health check failed: ${problem}`);
    scheduleHealth(m);
  }

  function onCrash(m: Managed, why: string) {
    const now = Date.now();
    m.crashes = [...m.crashes.filter((t) => now - t < opts.crashLoopWindowMs), now];
    if (m.healthTimer) clearInterval(m.healthTimer);
    if (m.crashes.length >= opts.crashLoopCount) {
      logger.error({ plugin: m.pluginId, crashes: m.crashes.length }, 'plugin is crash-looping; not restarting');
      pushLog(m, `[host] ${m.crashes.length} crashes within ${opts.crashLoopWindowMs} ms: crash loop, not restarting (enable it again to retry)`);
      void setStatus(m.pluginId, { status: 'crash_loop', health: 'unreachable', last_error: `crash loop: ${why}`, runtime_address: null });
      return;
    }
    const delay = Math.min(opts.backoffMaxMs, opts.backoffBaseMs * 2 ** (m.crashes.length - 1));
    pushLog(m, `[host] restarting in ${delay} ms`);
    void db('plugin_installations').where({ plugin_id: m.pluginId }).whereNull('uninstalled_at')
      .update({ status: 'starting', health: 'unreachable', last_error: `${why}; restarting in ${delay} ms`, restarts: db.raw('restarts + 1'), updated_at: db.fn.now() })
      .catch((err: unknown) => logger.warn({ err }, 'could not record plugin crash'));
    m.restartTimer = setTimeout(() => {
      m.restartTimer = null;
      enqueue(async () => {
        const row = await db('plugin_installations').where({ plugin_id: m.pluginId }).first<InstallationRow | undefined>();
        if (!row || !row.enabled || row.uninstalled_at || m.stopping || closed || m.child) return;
        try {
          await spawnPlugin(m, row);
        } catch (err) {
          pushLog(m, `[host] restart failed: ${reason(err)}`);
          // The exit handler may already have declared a crash loop; its reason must not be overwritten.
          await db('plugin_installations').where({ plugin_id: m.pluginId }).whereNull('uninstalled_at').whereNot({ status: 'crash_loop' })
            .update({ last_error: `restart failed: ${reason(err)}`, updated_at: db.fn.now() })
            .catch((e: unknown) => logger.warn({ err: e }, 'could not record plugin restart failure'));
          const child = m.child as ChildProcess | null; // set by spawnPlugin
          if (child) child.kill('SIGKILL'); // the exit handler counts it as another crash
          else onCrash(m, reason(err));
        }
      });
    }, delay);
  }

  async function stopManaged(m: Managed): Promise<void> {
    m.stopping = true;
    if (m.restartTimer) clearTimeout(m.restartTimer);
    if (m.healthTimer) clearInterval(m.healthTimer);
    if (m.logFlush) { clearTimeout(m.logFlush); m.logFlush = null; }
    const child = m.child;
    m.child = null;
    m.target = null;
    dropPluginClient(m.pluginId);
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.stopGraceMs);
      await exited;
      clearTimeout(timer);
    }
    await db('plugin_installations').where({ plugin_id: m.pluginId }).update({ log_tail: JSON.stringify(m.logs) }).catch(() => undefined);
  }

  const fresh = (row: InstallationRow): Managed => ({
    pluginId: row.plugin_id, version: row.version, rowVersion: row.row_version, mode: row.mode, child: null, target: null, crashes: [],
    failedChecks: 0, restartTimer: null, healthTimer: null, stopping: false, logs: [...(row.log_tail ?? [])].slice(-LOG_LINES), logFlush: null,
  });

  async function startFresh(row: InstallationRow): Promise<Managed> {
    const m = fresh(row);
    managed.set(row.plugin_id, m);
    if (row.mode === 'external') {
      m.target = callTarget(config, row);
      try {
        await configure(m, row);
      } catch (err) {
        pushLog(m, `[host] Configure failed: ${reason(err)}`);
      }
      await checkHealth(m);
      scheduleHealth(m);
      return m;
    }
    try {
      await spawnPlugin(m, row);
    } catch (err) {
      pushLog(m, `[host] start failed: ${reason(err)}`);
      if (row.status === 'upgrading') throw err;
      await setStatus(row.plugin_id, { status: 'unhealthy', last_error: `start failed: ${reason(err)}` });
      const child = m.child as ChildProcess | null; // set by spawnPlugin
      if (child) child.kill('SIGKILL'); // the exit handler counts it as a crash and restarts with backoff
      else onCrash(m, reason(err));
    }
    return m;
  }

  /** Upgrade failed its health check: back to the previous version (its folder is still there). */
  async function rollback(row: InstallationRow, err: unknown): Promise<void> {
    const previous = row.previous_version;
    const message = `upgrade to ${row.version} failed (${reason(err)})`;
    logger.warn({ plugin: row.plugin_id, to: row.version, back: previous }, 'plugin upgrade failed; rolling back');
    const old = managed.get(row.plugin_id);
    if (old) { await stopManaged(old); managed.delete(row.plugin_id); }
    if (!previous) {
      await setStatus(row.plugin_id, { status: 'failed', last_error: message });
      return;
    }
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(installDir(config, row.plugin_id, previous), 'manifest.json'), 'utf8')));
    const [restored] = await db.transaction(async (trx) => {
      const rows = await trx('plugin_installations').where({ plugin_id: row.plugin_id }).update({
        version: previous, previous_version: row.version, manifest: JSON.stringify(manifest), channels: manifest.channels,
        granted_permissions: row.granted_permissions.filter((p) => manifest.permissions.includes(p as never)),
        status: 'starting', last_error: `${message}; rolled back to ${previous}`, updated_at: trx.fn.now(), row_version: trx.raw('row_version + 1'),
      }).returning<InstallationRow[]>('*');
      await recordAudit(trx, SYSTEM_ACTOR, { action: 'plugin.rollback', entityType: 'plugin', entityId: row.plugin_id, before: { version: row.version }, after: { version: previous, reason: message } });
      return rows;
    });
    if (restored) {
      const m = await startFresh(restored);
      m.logs.push(`${new Date().toISOString()} [host] ${message}; rolled back to ${previous}`);
      await setStatus(row.plugin_id, { last_error: `${message}; rolled back to ${previous}` });
    }
  }

  async function reconcileOne(row: InstallationRow | undefined, pluginId: string): Promise<void> {
    const m = managed.get(pluginId);
    const desired = !!row && row.enabled && !row.uninstalled_at;
    if (!desired) {
      if (m) {
        await stopManaged(m);
        managed.delete(pluginId);
        if (row && !row.uninstalled_at) await setStatus(pluginId, { status: 'stopped', health: 'unknown', runtime_address: row.mode === 'external' ? row.runtime_address : null });
      }
      return;
    }
    if (!m) {
      if (row.status === 'crash_loop') return; // stays down until an admin enables it again
      try {
        await startFresh(row);
      } catch (err) {
        await rollback(row, err);
      }
      return;
    }
    if (m.version !== row.version || m.mode !== row.mode) {
      await stopManaged(m);
      managed.delete(pluginId);
      try {
        await startFresh(row);
      } catch (err) {
        await rollback(row, err);
      }
      return;
    }
    if (m.rowVersion !== row.row_version) {
      if (row.status === 'stopped' && m.crashes.length) m.crashes = []; // re-enabled: a fresh crash budget
      try {
        await configure(m, row);
        pushLog(m, '[host] new configuration sent');
        await setStatus(pluginId, { last_error: null });
      } catch (err) {
        pushLog(m, `[host] Configure failed: ${reason(err)}`);
        await setStatus(pluginId, { last_error: `Configure failed: ${reason(err)}` });
      }
    }
  }

  function enqueue(fn: () => Promise<void>): Promise<void> {
    const next = queue.then(fn, fn).catch((err: unknown) => logger.error({ err }, 'plugin supervisor step failed'));
    queue = next;
    return next;
  }

  return {
    reconcile: (pluginId) => enqueue(async () => {
      if (closed) return;
      const rows = await db('plugin_installations').modify((q) => { if (pluginId) q.where({ plugin_id: pluginId }); }).select<InstallationRow[]>('*');
      const ids = new Set([...rows.map((r) => r.plugin_id), ...(pluginId ? [pluginId] : managed.keys())]);
      for (const id of ids) await reconcileOne(rows.find((r) => r.plugin_id === id), id);
    }),
    stop: async () => {
      closed = true;
      await queue;
      await Promise.all([...managed.values()].map((m) => stopManaged(m)));
      managed.clear();
    },
    logs: (pluginId) => [...(managed.get(pluginId)?.logs ?? [])],
  };
}
