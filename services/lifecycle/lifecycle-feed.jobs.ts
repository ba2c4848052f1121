import type { Queryable } from '../../db/knex';

/** graphile-worker tasks that carry ticket changes and policy versions to the lifecycle engine (activities/lifecycle/). */
export const LIFECYCLE_FEED_TASK = 'lifecycle_feed';
export const POLICY_ROLLOUT_TASK = 'lifecycle_policy_rollout';

export type FeedJobPayload = { ticketId: number };
export type RolloutJobPayload = { version: number; at: number; cursor: string | null };

/**
 * "This ticket has new events": one waiting job per ticket (job_key), so a burst of changes is fed in one run;
 * a change that lands while the job runs gets a fresh job (add_job clears the key of a running job).
 */
export async function enqueueLifecycleFeed(db: Queryable, ticketId: number): Promise<void> {
  await db.raw(`SELECT graphile_worker.add_job(?, json_build_object('ticketId', ?::bigint), job_key => ?, max_attempts => 25)`, [
    LIFECYCLE_FEED_TASK, ticketId, `lifecycle_feed:${ticketId}`,
  ]);
}

/** One page of a policy rollout; the key makes a retried page enqueue its successor only once. */
export async function enqueuePolicyRollout(db: Queryable, payload: RolloutJobPayload): Promise<void> {
  await db.raw(`SELECT graphile_worker.add_job(?, ?::json, job_key => ?, max_attempts => 25)`, [
    POLICY_ROLLOUT_TASK, JSON.stringify(payload), `lifecycle_policy_rollout:${payload.version}:${payload.cursor ?? 'start'}`,
  ]);
}
