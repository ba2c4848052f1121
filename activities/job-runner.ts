import pg from 'pg';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { type Logger as JobsLogger, type Runner, type TaskList, type WorkerEvents, run } from 'graphile-worker';
import type { Logger } from 'pino';
import type { Db } from '../db/knex';
import {
  heartbeatJobWorkers, recoverStaleJobWorkers, registerJobWorker, unregisterJobWorkers,
} from '../services/job-worker.registry';

export type JobRunnerOptions = {
  db: Db;
  connectionString: string;
  taskList: TaskList;
  logger: Logger;
  jobsLogger: JobsLogger;
  concurrency?: number;
  /**
   * How often idle workers look for jobs that became due (new jobs arrive by LISTEN/NOTIFY at once). Lifecycle
   * timers are future jobs, so this bounds how late one fires: 500 ms keeps p99 lateness under a second.
   */
  pollInterval?: number;
  heartbeatMs?: number;
  /** A pool silent for this long is declared dead and its jobs released; keep it well above heartbeatMs. */
  staleAfterMs?: number;
  /**
   * Batching (graphile-worker 0.17 `localQueue`, `completeJobBatchDelay`): the pool fetches and locks up to this many
   * due jobs per query and marks finished jobs done together, so a busy queue costs fewer commits per job. Jobs held
   * this way by a crashed pool are released by the heartbeat sweep like any other. 0 disables it.
   */
  batchSize?: number;
};

export type JobRunner = { runner: Runner; workerIds: () => string[]; stop: () => Promise<void> };

export const JOB_POLL_INTERVAL_MS = 500;
export const JOB_HEARTBEAT_MS = 10_000;
export const JOB_STALE_AFTER_MS = 60_000;
/** How long a finished job waits for others to be marked done in the same statement. */
export const JOB_COMPLETE_BATCH_MS = 20;

/**
 * Start graphile-worker with crashed-worker recovery (services/job-worker.registry.ts): release what dead pools
 * left locked before taking jobs, register this pool, and on every heartbeat sweep again so a process that dies
 * while others keep running loses its jobs for at most staleAfterMs + heartbeatMs, not graphile-worker's 4 hours.
 */
export async function startJobRunner(opts: JobRunnerOptions): Promise<JobRunner> {
  const { db, logger } = opts;
  const heartbeatMs = opts.heartbeatMs ?? JOB_HEARTBEAT_MS;
  const staleAfterMs = opts.staleAfterMs ?? JOB_STALE_AFTER_MS;
  const concurrency = opts.concurrency ?? 5;
  const batchSize = opts.batchSize ?? concurrency + 1;
  const who = { hostname: hostname(), pid: process.pid };

  const sweep = async () => {
    const recovered = await recoverStaleJobWorkers(db, staleAfterMs);
    if (recovered.workerIds.length > 0) {
      logger.warn({ workerIds: recovered.workerIds, jobIds: recovered.jobIds }, 'released jobs locked by job workers that stopped heartbeating');
    }
  };
  await sweep();

  const ids: string[] = [];
  const registrations: Promise<void>[] = [];
  const events: WorkerEvents = new EventEmitter();
  // graphile-worker 0.17 locks jobs under the pool id (jobs.locked_by), so that is what gets a heartbeat.
  events.on('pool:create', ({ workerPool }) => {
    ids.push(workerPool.id);
    registrations.push(registerJobWorker(db, workerPool.id, who));
  });
  // Our own pool, so a dropped connection (database restart, shutdown) is logged instead of crashing the process.
  const pgPool = new pg.Pool({ connectionString: opts.connectionString, max: concurrency + 4 });
  pgPool.on('error', (err) => logger.warn({ err }, 'job queue connection lost'));
  const runner = await run({
    pgPool,
    taskList: opts.taskList,
    concurrency,
    pollInterval: opts.pollInterval ?? JOB_POLL_INTERVAL_MS,
    noHandleSignals: true,
    crontab: '',
    logger: opts.jobsLogger,
    events,
    ...(batchSize > 1 && { preset: { worker: { localQueue: { size: batchSize }, completeJobBatchDelay: JOB_COMPLETE_BATCH_MS } } }),
  });
  await Promise.all(registrations);

  let beating = false;
  const beat = async () => {
    if (beating) return; // a slow database must not pile heartbeats up
    beating = true;
    try {
      const lost = await heartbeatJobWorkers(db, ids);
      if (lost.length > 0) {
        // Someone declared us dead (we were stalled past the limit); our jobs may run twice, which idempotency absorbs.
        logger.warn({ workerIds: lost }, 'job worker heartbeat was swept as stale; registering again');
        for (const id of lost) await registerJobWorker(db, id, who);
      }
      await sweep();
    } catch (err) {
      logger.error({ err }, 'job worker heartbeat failed');
    } finally {
      beating = false;
    }
  };
  const timer = setInterval(() => void beat(), heartbeatMs);
  timer.unref();

  return {
    runner,
    workerIds: () => [...ids],
    stop: async () => {
      clearInterval(timer);
      await runner.stop();
      await unregisterJobWorkers(db, ids);
      await pgPool.end();
    },
  };
}
