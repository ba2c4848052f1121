import type { Queryable } from '../../db/knex';
import type { ActivityJobPayload } from './lifecycle.jobs';

export type ActivityRunStatus = 'pending' | 'running' | 'retrying' | 'succeeded' | 'failed';

export type ActivityRun = {
  idempotency_key: string;
  ticket_id: number;
  name: string;
  status: ActivityRunStatus;
  attempts: number;
  last_error: string | null;
  result: unknown;
};

const FINISHED: readonly ActivityRunStatus[] = ['succeeded', 'failed'];
export const isFinished = (run: Pick<ActivityRun, 'status'>) => FINISHED.includes(run.status);

/**
 * Count one more attempt and mark the run running, unless it already finished (a job re-run after a crash
 * between recording the outcome and completing the job). Returns the run as it is now, or undefined when the
 * ticket is gone. The row normally exists (the engine writes it with the job); it is created if not.
 */
export async function beginAttempt(db: Queryable, job: ActivityJobPayload): Promise<ActivityRun | undefined> {
  const { rows } = await db.raw<{ rows: ActivityRun[] }>(
    `INSERT INTO lifecycle_activity_runs AS r (idempotency_key, ticket_id, name, input, status, attempts, started_at)
     SELECT CAST(:key AS text), CAST(:ticketId AS bigint), CAST(:name AS text), CAST(:input AS jsonb), 'running', 1, now()
      WHERE EXISTS (SELECT 1 FROM tickets WHERE id = CAST(:ticketId AS bigint))
     ON CONFLICT (idempotency_key) DO UPDATE
        SET status = 'running', attempts = r.attempts + 1, started_at = coalesce(r.started_at, now()), updated_at = now()
      WHERE r.status NOT IN ('succeeded', 'failed')
     RETURNING r.idempotency_key, r.ticket_id, r.name, r.status, r.attempts, r.last_error, r.result`,
    { key: job.idempotencyKey, ticketId: job.ticketId, name: job.name, input: JSON.stringify(job.input) },
  );
  if (rows[0]) return rows[0];
  return findRun(db, job.idempotencyKey);
}

export async function findRun(db: Queryable, idempotencyKey: string): Promise<ActivityRun | undefined> {
  return db('lifecycle_activity_runs')
    .where({ idempotency_key: idempotencyKey })
    .first<ActivityRun | undefined>('idempotency_key', 'ticket_id', 'name', 'status', 'attempts', 'last_error', 'result');
}

/** Record the outcome; `retrying` keeps the run open for the next attempt graphile-worker schedules. */
export async function recordOutcome(
  db: Queryable,
  idempotencyKey: string,
  outcome: { status: 'succeeded'; result: unknown } | { status: 'retrying' | 'failed'; error: string },
): Promise<void> {
  const finished = outcome.status !== 'retrying';
  await db('lifecycle_activity_runs')
    .where({ idempotency_key: idempotencyKey })
    .whereNotIn('status', FINISHED)
    .update({
      status: outcome.status,
      result: outcome.status === 'succeeded' ? JSON.stringify(outcome.result ?? null) : null,
      last_error: outcome.status === 'succeeded' ? null : outcome.error,
      completed_at: finished ? db.fn.now() : null,
      updated_at: db.fn.now(),
    });
}
