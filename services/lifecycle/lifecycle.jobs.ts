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

/**
 * Turn one decision's commands into graphile-worker jobs inside the caller's transaction, so jobs exist if and only
 * if the decision committed. Cancels go first; starts use add_job's `replace` job_key mode (a live timer of the same
 * name is rescheduled in place; one that is already running keeps running but loses its key and its retries).
 * Activity runs get their `pending` row here too, so the run log lists every activity the lifecycle asked for.
 */
export async function enqueueCommands(trx: Queryable, ticketId: number, commands: readonly LifecycleCommand[], opts: EnqueueOptions): Promise<void> {
  const cancelKeys: string[] = [];
  const specs: JobSpec[] = [];
  const runs: Array<{ idempotency_key: string; ticket_id: number; name: string; input: string }> = [];
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
        runs.push({ idempotency_key: command.idempotencyKey, ticket_id: ticketId, name: command.name, input: JSON.stringify(command.input) });
        break;
    }
  }
  if (cancelKeys.length > 0) {
    await trx.raw('SELECT graphile_worker.remove_job(k) FROM unnest(?::text[]) AS k', [cancelKeys]);
  }
  if (runs.length > 0) await trx('lifecycle_activity_runs').insert(runs).onConflict('idempotency_key').ignore();
  await addJobs(trx, specs);
}

/** One round trip for any number of jobs, each through the public add_job function in `replace` mode. */
export async function addJobs(trx: Queryable, specs: readonly JobSpec[]): Promise<void> {
  if (specs.length === 0) return;
  await trx.raw(
    `SELECT (graphile_worker.add_job(s.identifier, s.payload, run_at => s.run_at, max_attempts => s.max_attempts,
                                     job_key => s.job_key, job_key_mode => 'replace')).id
       FROM json_to_recordset(?::json) AS s(identifier text, payload json, run_at timestamptz, max_attempts int, job_key text)`,
    [JSON.stringify(specs)],
  );
}
