import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ACTIVITY_NAMES, type ActivityName, type TimerName } from '../../core/lifecycle/commands';
import { type ActivityResult, timerFiredEventId } from '../../core/lifecycle/events';
import type { Db, Tx } from '../../db/knex';
import { type ActivityRun, beginAttempt, isFinished, recordOutcome } from '../../services/lifecycle/activity-run.repository';
import type { EmbeddedLifecycleEngine } from '../../services/lifecycle/embedded-engine';
import type { ActivityJobPayload } from '../../services/lifecycle/lifecycle.jobs';
import { type LifecycleActivities, type LifecycleActivityArgs, NonRetryableActivityError } from './lifecycle-activities';

export type LifecycleTaskDeps = { db: Db; logger: Logger; engine: EmbeddedLifecycleEngine; activities: LifecycleActivities };

const timerPayload = z.object({ ticketId: z.number().int().positive(), name: z.string().min(1), fireAt: z.number().int() });
const activityPayload = z.object({
  ticketId: z.number().int().positive(),
  name: z.enum(ACTIVITY_NAMES),
  input: z.record(z.string(), z.unknown()),
  idempotencyKey: z.string().min(1),
});

const ERROR_CHARS = 1000;

/** The id of the result event fed back for an activity run: one per run, so a re-run after a crash dedupes. */
export const activityResultEventId = (idempotencyKey: string) => `activity:${idempotencyKey}`;

/**
 * `lifecycle_timer`: a timer came due. Its event id comes from the timer's name and planned instant, so a job run
 * twice (crash after applying, before graphile-worker recorded completion) is dropped as a duplicate.
 */
export function createLifecycleTimerTask({ engine, logger }: LifecycleTaskDeps): Task {
  return async (raw, helpers) => {
    const parsed = timerPayload.safeParse(raw);
    if (!parsed.success) {
      logger.error({ jobId: helpers.job.id, payload: raw }, 'lifecycle_timer job with an invalid payload dropped');
      return;
    }
    const { ticketId, fireAt } = parsed.data;
    const name = parsed.data.name as TimerName;
    const now = engine.clock();
    if (now < fireAt) {
      // Ran early by the engine's clock (it trails the database's): applying now would spend the timer's event id
      // on an early fire, and the real one would later be dropped as its duplicate.
      await engine.deferTimer(ticketId, name, fireAt);
      return;
    }
    await engine.apply(ticketId, { type: 'timer_fired', id: timerFiredEventId(name, fireAt), at: now, name });
  };
}

function errorText(err: unknown): string {
  return (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, ERROR_CHARS);
}

/** The one place a runtime activity name meets the typed map (the payload was validated against ACTIVITY_NAMES). */
function invoke(activities: LifecycleActivities, job: ActivityJobPayload): Promise<unknown> {
  const fn = activities[job.name] as (args: LifecycleActivityArgs<ActivityName>) => Promise<unknown>;
  return fn({ ticketId: job.ticketId, idempotencyKey: job.idempotencyKey, input: job.input });
}

/**
 * `lifecycle_activity`: run one activity the decider asked for, with its idempotency key, and feed the outcome
 * back as an `activity_result` event in the same transaction that marks the run finished. Transient errors are
 * rethrown so graphile-worker retries with its exponential backoff; a NonRetryableActivityError, or an error on the
 * last attempt, is reported as ok: false. A run already finished (the job re-ran after a crash between that commit
 * and graphile-worker recording the job done) is not called again; its result event is simply a duplicate.
 */
export function createLifecycleActivityTask({ db, engine, activities, logger }: LifecycleTaskDeps): Task {
  /** Apply the result event; `record` (the run row's outcome) commits with it, so a run is never finished without its event. */
  const report = (
    job: ActivityJobPayload,
    outcome: { ok: true; result: unknown } | { ok: false; error: string },
    record?: (trx: Tx) => Promise<void>,
  ) => {
    const event: ActivityResult = {
      type: 'activity_result',
      id: activityResultEventId(job.idempotencyKey),
      at: engine.clock(),
      name: job.name,
      idempotencyKey: job.idempotencyKey,
      ...(outcome.ok ? { ok: true, ...(outcome.result === undefined ? {} : { result: outcome.result }) } : { ok: false, error: outcome.error }),
    };
    return engine.apply(job.ticketId, event, { alsoInTransaction: record });
  };
  const reportFinished = (job: ActivityJobPayload, run: ActivityRun) =>
    report(job, run.status === 'succeeded' ? { ok: true, result: run.result ?? undefined } : { ok: false, error: run.last_error ?? 'failed' });

  return async (raw, helpers) => {
    const parsed = activityPayload.safeParse(raw);
    if (!parsed.success) {
      logger.error({ jobId: helpers.job.id, payload: raw }, 'lifecycle_activity job with an invalid payload dropped');
      return;
    }
    const job = parsed.data as ActivityJobPayload;
    const log = logger.child({ task: 'lifecycle_activity', ticketId: job.ticketId, activity: job.name, idempotencyKey: job.idempotencyKey });
    const run = await beginAttempt(db, job);
    if (!run) {
      log.info('ticket deleted; activity dropped');
      return;
    }
    if (isFinished(run)) {
      await reportFinished(job, run);
      return;
    }

    let outcome: { ok: true; result: unknown } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, result: await invoke(activities, job) };
    } catch (error) {
      outcome = { ok: false, error };
    }

    if (outcome.ok) {
      const { result } = outcome;
      await report(job, outcome, (trx) => recordOutcome(trx, job.idempotencyKey, { status: 'succeeded', result }));
      return;
    }
    const error = errorText(outcome.error);
    const final = outcome.error instanceof NonRetryableActivityError || helpers.job.attempts >= helpers.job.max_attempts;
    if (!final) {
      await recordOutcome(db, job.idempotencyKey, { status: 'retrying', error });
      log.warn({ attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts, error }, 'lifecycle activity failed; will retry');
      throw outcome.error;
    }
    log.warn({ attempt: helpers.job.attempts, error }, 'lifecycle activity failed for good');
    await report(job, { ok: false, error }, (trx) => recordOutcome(trx, job.idempotencyKey, { status: 'failed', error }));
  };
}
