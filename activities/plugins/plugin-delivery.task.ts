import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../../config/config';
import type { Db, Queryable } from '../../db/knex';
import { performDelivery, queueReplyDelivery } from '../../services/plugins/delivery.service';
import { createBlobStorage } from '../../services/storage/blob-storage.factory';
import type { DispatchedEvent } from '../webhooks/outbox-dispatch.task';

const payloadSchema = z.object({ deliveryId: z.number().int().positive() });
const entryPayload = z.object({ entry: z.object({ id: z.number(), ticketId: z.number(), kind: z.string() }) });

/**
 * Outbox consumer (runs inside outbox_dispatch's transaction): an agent's public reply on a ticket whose
 * channel an enabled plugin serves gets a queued plugin delivery and its `plugin_deliver` job.
 */
export async function onPluginOutboxEvent(trx: Queryable, event: DispatchedEvent): Promise<void> {
  if (event.event_type !== 'message.created') return;
  const row = await trx('outbox').where({ id: event.id }).first<{ payload: unknown } | undefined>('payload');
  const parsed = entryPayload.safeParse(row?.payload);
  if (parsed.success) await queueReplyDelivery(trx, parsed.data.entry);
}

/**
 * `plugin_deliver`: DeliverMessage through the plugin. Transient gRPC failures throw, so graphile-worker retries
 * with its exponential backoff (up to the job's max_attempts); permanent ones mark the delivery failed.
 */
export function createPluginDeliverTask(deps: { db: Db; config: Config; logger: Logger }): Task {
  // Attachment bytes come from the configured store, the same one the gateway wrote them to.
  const storage = createBlobStorage(deps.config);
  return async (raw, helpers) => {
    const payload = payloadSchema.safeParse(raw);
    if (!payload.success) {
      deps.logger.error({ jobId: helpers.job.id, payload: raw }, 'plugin_deliver job with an invalid payload dropped');
      return;
    }
    await performDelivery(deps.db, deps.config, storage, payload.data.deliveryId, deps.logger);
  };
}
