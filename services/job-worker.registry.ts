import type { Db } from '../db/knex';

/**
 * Crashed-worker recovery for graphile-worker. A pool that dies mid-job (SIGKILL, OOM, lost host) leaves its jobs
 * locked, and graphile-worker only frees such locks after 4 hours. Every pool we start registers its id (the value
 * graphile-worker 0.17 writes to jobs.locked_by) here and refreshes a heartbeat; any process that finds a heartbeat
 * older than the stale limit force-unlocks that pool's jobs with graphile_worker.force_unlock_workers.
 */

export type WorkerIdentity = { hostname: string; pid: number };

export async function registerJobWorker(db: Db, workerId: string, who: WorkerIdentity): Promise<void> {
  await db('job_worker_heartbeats')
    .insert({ worker_id: workerId, hostname: who.hostname, pid: who.pid })
    .onConflict('worker_id')
    .merge({ heartbeat_at: db.fn.now() });
}

/** Refresh the heartbeats; returns the ids whose row had disappeared (declared dead by another process). */
export async function heartbeatJobWorkers(db: Db, workerIds: readonly string[]): Promise<string[]> {
  if (workerIds.length === 0) return [];
  const alive = (await db('job_worker_heartbeats')
    .whereIn('worker_id', workerIds)
    .update({ heartbeat_at: db.fn.now() })
    .returning('worker_id')) as Array<{ worker_id: string }>;
  const found = new Set(alive.map((r) => r.worker_id));
  return workerIds.filter((id) => !found.has(id));
}

export async function unregisterJobWorkers(db: Db, workerIds: readonly string[]): Promise<void> {
  if (workerIds.length > 0) await db('job_worker_heartbeats').whereIn('worker_id', workerIds).delete();
}

export type Recovery = { workerIds: string[]; jobIds: number[] };

/**
 * Declare every pool with a stale heartbeat dead and release its jobs, in one transaction (concurrent sweepers
 * each get a disjoint set of rows). The interrupted attempt is given back, so a job killed on its last attempt runs
 * once more instead of sitting locked-then-exhausted forever. Clocks are the database's on both sides.
 */
export async function recoverStaleJobWorkers(db: Db, staleAfterMs: number): Promise<Recovery> {
  return db.transaction(async (trx) => {
    const { rows: stale } = await trx.raw<{ rows: Array<{ worker_id: string }> }>(
      `DELETE FROM job_worker_heartbeats
        WHERE worker_id IN (SELECT worker_id FROM job_worker_heartbeats
                             WHERE heartbeat_at < now() - make_interval(secs => ?) FOR UPDATE SKIP LOCKED)
        RETURNING worker_id`,
      [staleAfterMs / 1000],
    );
    const workerIds = stale.map((r) => r.worker_id);
    if (workerIds.length === 0) return { workerIds, jobIds: [] };
    const { rows: jobs } = await trx.raw<{ rows: Array<{ id: number; attempts: number }> }>(
      'SELECT id, attempts FROM graphile_worker.jobs WHERE locked_by = ANY(?::text[])',
      [workerIds],
    );
    await trx.raw('SELECT graphile_worker.force_unlock_workers(?::text[])', [workerIds]);
    if (jobs.length > 0) {
      await trx.raw(
        `SELECT graphile_worker.reschedule_jobs(ARRAY[j.id], attempts => greatest(j.attempts - 1, 0))
           FROM json_to_recordset(?::json) AS j(id bigint, attempts int)`,
        [JSON.stringify(jobs)],
      );
    }
    return { workerIds, jobIds: jobs.map((j) => j.id) };
  });
}
