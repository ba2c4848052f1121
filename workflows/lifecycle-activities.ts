import { type ActivityOptions, proxyActivities, rootCause } from '@temporalio/workflow';
import type { LifecycleActivities, LifecycleActivityFn } from '../activities/lifecycle/lifecycle-activities';
import type { ActivityName, RunActivity } from '../core/lifecycle/commands';

/**
 * Retries with backoff for about six hours, then the decider hears ok:false. A business rejection
 * (NonRetryableActivityError → non-retryable ApplicationFailure in the worker) skips the retries.
 */
export const LIFECYCLE_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '6 hours',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes', maximumAttempts: 30 },
} satisfies ActivityOptions;

export type ActivityOutcome = { ok: true; result?: unknown } | { ok: false; error: string };

/**
 * Schedule the decider's activity; the idempotency key doubles as the activity id, so a replay that computes a
 * different key is a determinism error. The promise never rejects: a failure after retries is an outcome.
 */
export async function runLifecycleActivity(ticketId: number, command: RunActivity): Promise<ActivityOutcome> {
  const activities = proxyActivities<LifecycleActivities>({ ...LIFECYCLE_ACTIVITY_OPTIONS, activityId: command.idempotencyKey });
  // The RunActivity union does not correlate name and input for the compiler; the decider guarantees they match.
  const run = activities[command.name] as LifecycleActivityFn<ActivityName>;
  try {
    const result = await run({ ticketId, idempotencyKey: command.idempotencyKey, input: command.input });
    return result === undefined ? { ok: true } : { ok: true, result };
  } catch (err) {
    return { ok: false, error: rootCause(err) ?? 'activity failed' };
  }
}
