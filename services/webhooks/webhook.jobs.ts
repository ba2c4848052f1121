import type { Queryable } from '../../db/knex';

export const WEBHOOK_DELIVER_TASK = 'webhook_deliver';

const JOB_KEY_PREFIX = 'webhook_delivery:';
/** One key per delivery: re-enqueueing replaces a waiting job instead of adding a second one. */
export const deliveryJobKey = (deliveryId: number) => `${JOB_KEY_PREFIX}${deliveryId}`;

/**
 * Enqueue delivery jobs in the caller's transaction (graphile-worker's add_job is plain SQL), so a delivery
 * row and its job commit together. `max_attempts` only covers infrastructure faults (the task throws);
 * HTTP failures are retried by the task itself on the configured schedule.
 */
export async function enqueueDeliveries(db: Queryable, deliveryIds: number[], runAt?: Date): Promise<void> {
  if (deliveryIds.length === 0) return;
  await db.raw(
    `SELECT graphile_worker.add_job(?, json_build_object('deliveryId', d.id), run_at => ?::timestamptz,
       job_key => ? || d.id::text, max_attempts => 10)
     FROM unnest(?::bigint[]) AS d(id)`,
    [WEBHOOK_DELIVER_TASK, runAt ?? null, JOB_KEY_PREFIX, deliveryIds],
  );
}
