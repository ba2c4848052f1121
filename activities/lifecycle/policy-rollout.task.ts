import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from '../../db/knex';
import type { LifecycleEngine } from '../../services/lifecycle/engine-port';
import { enqueuePolicyRollout } from '../../services/lifecycle/lifecycle-feed.jobs';
import { latestPolicyVersion } from '../../services/lifecycle/policy-versions';

const payloadSchema = z.object({ version: z.number().int().positive(), at: z.number().int(), cursor: z.string().nullable() });
export const ROLLOUT_PAGE = 200;

/** One id per version: a lifecycle that already received this version's signal drops a repeat. */
export const policyUpdatedEventId = (version: number) => `policy:${version}`;

/**
 * `lifecycle_policy_rollout`: tell every running lifecycle that a new policy version exists, so it adopts it
 * now (re-planning its timers) rather than at its next event. One page of the engine's list per job; the job
 * enqueues the next page before signalling its own, so pages run in parallel up to the worker concurrency.
 * A rollout stops as soon as a newer version exists (that version's rollout reaches everyone), and lifecycles
 * already on this version or later are skipped.
 */
export function createPolicyRolloutTask({ db, logger, engine }: { db: Db; logger: Logger; engine: LifecycleEngine }): Task {
  return async (rawPayload, helpers) => {
    const parsed = payloadSchema.safeParse(rawPayload);
    if (!parsed.success) {
      logger.error({ jobId: helpers.job.id, payload: rawPayload }, 'lifecycle_policy_rollout job with an invalid payload dropped');
      return;
    }
    const { version, at, cursor } = parsed.data;
    if ((await latestPolicyVersion(db)).version > version) return;
    const page = await engine.list({ limit: ROLLOUT_PAGE, ...(cursor !== null && { cursor }) });
    if (page.nextCursor) await enqueuePolicyRollout(db, { version, at, cursor: page.nextCursor });
    let signalled = 0;
    for (const item of page.items) {
      if (!item.running || (item.summary.policyVersion ?? 0) >= version) continue;
      await engine.signal(item.ticketId, { type: 'policy_updated', id: policyUpdatedEventId(version), at, version });
      signalled++;
    }
    logger.debug({ version, signalled, more: Boolean(page.nextCursor) }, 'policy version rolled out to a page of lifecycles');
  };
}
