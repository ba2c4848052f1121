import type { EventType } from '../../core/ticket';
import type { Queryable } from '../../db/knex';
import { enqueueDeliveries } from '../../services/webhooks/webhook.jobs';
import { NonRetryableActivityError } from './lifecycle-activities';

const EVENT_TYPE: EventType = 'lifecycle.notification';

/**
 * A `lifecycle.notification` event for one webhook only, delivered (signed, retried, logged) like any other:
 * the outbox row is marked dispatched at once so the fan-out to subscribers never sees it (as webhook pings do).
 */
export async function deliverToWebhook(
  trx: Queryable, webhookId: string, ticketId: number, payload: Record<string, unknown>,
): Promise<{ deliveryId: number } | { skipped: 'webhook_inactive' }> {
  const webhook = /^\d{1,15}$/.test(webhookId)
    ? await trx('webhooks').where({ id: Number(webhookId) }).first<{ id: number; active: boolean } | undefined>('id', 'active')
    : undefined;
  if (!webhook) throw new NonRetryableActivityError('webhook_not_found', `Webhook ${webhookId} does not exist`);
  if (!webhook.active) return { skipped: 'webhook_inactive' };
  const [event] = await trx('outbox')
    .insert({ event_type: EVENT_TYPE, entity_type: 'ticket', entity_id: String(ticketId), payload: JSON.stringify(payload), dispatched_at: trx.fn.now() })
    .returning<{ id: number }[]>('id');
  const [delivery] = await trx('webhook_deliveries')
    .insert({ webhook_id: webhook.id, outbox_id: event!.id, event_type: EVENT_TYPE, next_attempt_at: trx.fn.now() })
    .returning<{ id: number }[]>('id');
  await enqueueDeliveries(trx, [delivery!.id]);
  return { deliveryId: delivery!.id };
}
