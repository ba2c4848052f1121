import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ALL_EVENTS } from '../../core/schemas/webhook.schema';
import type { Db, Queryable } from '../../db/knex';
import { enqueueDeliveries } from '../../services/webhooks/webhook.jobs';

const payloadSchema = z.object({ outboxId: z.number().int().positive() });

export type DispatchedEvent = { id: number; event_type: string; entity_type: string; entity_id: string; occurred_at: Date };

/**
 * Fan one outbox event out to a delivery per matching active webhook, and enqueue those deliveries,
 * in one transaction. Running twice is harmless: dispatched_at short-circuits a finished run and the
 * unique index webhook_deliveries_once stops a second delivery row for the same (webhook, event).
 */
export function createOutboxDispatchTask({ db, logger, afterDispatch }: {
  db: Db;
  logger: Logger;
  /** Other consumers of the outbox (the lifecycle feed), run in the same transaction as the fan-out. */
  afterDispatch?: (trx: Queryable, event: DispatchedEvent) => Promise<void>;
}): Task {
  return async (rawPayload, helpers) => {
    const payload = payloadSchema.safeParse(rawPayload);
    if (!payload.success) {
      // A malformed payload can never succeed: log it and drop the job rather than retry it 25 times.
      logger.error({ jobId: helpers.job.id, payload: rawPayload }, 'outbox_dispatch job with an invalid payload dropped');
      return;
    }
    const { outboxId } = payload.data;
    await db.transaction(async (trx) => {
      const event = await trx('outbox').where({ id: outboxId }).forUpdate()
        .first<(DispatchedEvent & { dispatched_at: Date | null }) | undefined>('id', 'event_type', 'entity_type', 'entity_id', 'occurred_at', 'dispatched_at');
      if (!event || event.dispatched_at) return;
      // Webhooks created after the event happened do not receive it (no backlog surprise for a new subscriber).
      const { rows } = await trx.raw<{ rows: { id: number }[] }>(
        `INSERT INTO webhook_deliveries (webhook_id, outbox_id, event_type, next_attempt_at)
         SELECT w.id, :outboxId, :eventType, now() FROM webhooks w
          WHERE w.active AND w.event_types && ARRAY[:eventType, :all]::text[] AND w.created_at <= :occurredAt
          ORDER BY w.id
         ON CONFLICT (webhook_id, outbox_id) WHERE replay_of IS NULL DO NOTHING
         RETURNING id`,
        { outboxId, eventType: event.event_type, all: ALL_EVENTS, occurredAt: event.occurred_at },
      );
      await enqueueDeliveries(trx, rows.map((r) => r.id));
      if (afterDispatch) await afterDispatch(trx, event);
      await trx('outbox').where({ id: outboxId }).update({ dispatched_at: trx.fn.now() });
      if (rows.length) logger.debug({ outboxId, eventType: event.event_type, deliveries: rows.length }, 'outbox event dispatched to webhooks');
    });
  };
}
