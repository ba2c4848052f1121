import type { ActivityName, LifecycleCommand, RunActivity, TimerName } from '../../core/lifecycle/commands';
import type { Queryable } from '../../db/knex';

/** graphile-worker task names of the embedded engine; the tasks live in activities/lifecycle/engine.tasks.ts. */
export const LIFECYCLE_TIMER_TASK = 'lifecycle_timer';
export const LIFECYCLE_ACTIVITY_TASK = 'lifecycle_activity';

export type TimerJobPayload = { ticketId: number; name: TimerName; fireAt: number };
export type ActivityJobPayload = { ticketId: number; name: ActivityName; input: RunActivity['input']; idempotencyKey: string };

/** One live job per ticket and timer name: starting the timer again replaces it, cancelling removes it. */
export const timerJobKey = (ticketId: number, name: string) => `lifecycle:${ticketId}:${name}`;
/** One job per activity run: the decider's idempotency key is globally unique (ticket, event, purpose). */
export const activityJobKey = (idempotencyKey: string) => `lifecycle-activity:${idempotencyKey}`;

export type EnqueueOptions = {
  /** Engine time (epoch ms) → the wall-clock instant graphile-worker compares with the database's now(). */
  runAt: (fireAt: number) => Date;
  activityMaxAttempts: number;
};

type JobSpec = { identifier: string; payload: TimerJobPayload | ActivityJobPayload; run_at: string | null; max_attempts: number | null; job_key: string };

export function timerJobSpec(ticketId: number, name: TimerName, fireAt: number, runAt: Date): JobSpec {
  return { identifier: LIFECYCLE_TIMER_TASK, payload: { ticketId, name, fireAt }, run_at: runAt.toISOString(), max_attempts: null, job_key: timerJobKey(ticketId, name) };
}

// graphile_worker.add_jobs is what add_job(…, job_key_mode => 'replace') runs for one job; called once for the batch
// it upserts the task row and sends the jobs:insert notification once instead of per job. Keys in a batch are unique.
const ADD_JOBS_SQL = `SELECT count(*) AS n FROM graphile_worker.add_jobs(
  ARRAY(SELECT s FROM json_populate_recordset(NULL::graphile_worker.job_spec, ?::json) AS s))`;

/**
 * Turn one decision's commands into graphile-worker jobs inside the caller's transaction, so jobs exist if and only
 * if the decision committed. Starts use job_key `replace` semantics: a live timer of the same name is rescheduled in
 * place; one that is already running keeps running but loses its key and its retries. Activity runs get their
 * `pending` row in the same statement, so the run log lists every activity the lifecycle asked for. At most two
 * round trips (cancels, then jobs); one decision never cancels and starts the same timer, so their order is free.
 */
export async function enqueueCommands(trx: Queryable, ticketId: number, commands: readonly LifecycleCommand[], opts: EnqueueOptions): Promise<void> {
  const cancelKeys: string[] = [];
  const specs: JobSpec[] = [];
  const runs: Array<{ idempotency_key: string; name: string; input: unknown }> = [];
  for (const command of commands) {
    switch (command.type) {
      case 'cancel_timer':
        cancelKeys.push(timerJobKey(ticketId, command.name));
        break;
      case 'start_timer':
        specs.push(timerJobSpec(ticketId, command.name, command.fireAt, opts.runAt(command.fireAt)));
        break;
      case 'run_activity':
        specs.push({
          identifier: LIFECYCLE_ACTIVITY_TASK,
          payload: { ticketId, name: command.name, input: command.input, idempotencyKey: command.idempotencyKey },
          run_at: null,
          max_attempts: opts.activityMaxAttempts,
          job_key: activityJobKey(command.idempotencyKey),
        });
        runs.push({ idempotency_key: command.idempotencyKey, name: command.name, input: command.input });
        break;
    }
  }
  if (cancelKeys.length > 0) {
    await trx.raw('SELECT graphile_worker.remove_job(k) FROM unnest(?::text[]) AS k', [cancelKeys]);
  }
  if (runs.length > 0) {
    await trx.raw(
      `WITH runs AS (
         INSERT INTO lifecycle_activity_runs (idempotency_key, ticket_id, name, input)
         SELECT r.idempotency_key, ?, r.name, r.input FROM json_to_recordset(?::json) AS r(idempotency_key text, name text, input jsonb)
         ON CONFLICT (idempotency_key) DO NOTHING)
       ${ADD_JOBS_SQL}`,
      [ticketId, JSON.stringify(runs), JSON.stringify(specs)],
    );
  } else {
    await addJobs(trx, specs);
  }
}

/** Any number of jobs in one round trip (fields named as graphile_worker.job_spec). */
export async function addJobs(trx: Queryable, specs: readonly JobSpec[]): Promise<void> {
  if (specs.length > 0) await trx.raw(ADD_JOBS_SQL, [JSON.stringify(specs)]);
}
