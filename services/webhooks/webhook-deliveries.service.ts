import { conflict, notFound } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { ListDeliveriesQuery } from '../../core/schemas/webhook.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { keysetPage } from '../keyset';
import { enqueueDeliveries } from './webhook.jobs';
import { findWebhook } from './webhook.service';
import {
  attemptView, deliveryView, webhookEventBody, type AttemptRow, type DeliveryRow, type DeliveryView, type OutboxRow, type WebhookRow,
} from './webhook.view';

/** Event type of the test event `POST /webhooks/:id/ping` sends; not a domain event, so not in EVENT_TYPES. */
export const PING_EVENT_TYPE = 'webhook.ping';

/** Newest first, keyset on id. */
export async function listDeliveries(
  db: Queryable, webhookId: number, query: ListDeliveriesQuery,
): Promise<{ data: DeliveryView[]; nextCursor: string | null }> {
  await findWebhook(db, webhookId);
  const q = db('webhook_deliveries').where({ webhook_id: webhookId }).select('*');
  if (query.status) q.where('status', query.status);
  const { rows, nextCursor } = await keysetPage<DeliveryRow>(q, { column: 'id', idColumn: 'id', value: 'id', desc: true }, query);
  return { data: rows.map(deliveryView), nextCursor };
}

async function findDelivery(db: Queryable, webhookId: number, deliveryId: number): Promise<DeliveryRow> {
  const row = await db('webhook_deliveries').where({ id: deliveryId, webhook_id: webhookId }).first<DeliveryRow | undefined>('*');
  if (!row) throw notFound('Delivery', deliveryId);
  return row;
}

/** One delivery with the exact body it sends and every attempt, oldest first. */
export async function getDelivery(db: Queryable, webhookId: number, deliveryId: number) {
  await findWebhook(db, webhookId);
  const row = await findDelivery(db, webhookId, deliveryId);
  const event = await db('outbox').where({ id: row.outbox_id }).first<OutboxRow>('id', 'event_type', 'payload', 'occurred_at');
  const attempts = await db('webhook_delivery_attempts').where({ delivery_id: deliveryId }).orderBy(['attempt', 'id'])
    .select<AttemptRow[]>('attempt', 'attempted_at', 'status_code', 'error', 'duration_ms', 'response_excerpt');
  return { ...deliveryView(row), payload: webhookEventBody(event), attempts: attempts.map(attemptView) };
}

function assertActive(webhook: WebhookRow): void {
  if (!webhook.active) throw conflict(`Webhook ${webhook.id} is disabled; enable it before sending deliveries to it`);
}

async function insertDelivery(
  trx: Queryable, fields: { webhookId: number; outboxId: number; eventType: string; replayOf: number | null },
): Promise<DeliveryRow> {
  const [row] = await trx('webhook_deliveries')
    .insert({
      webhook_id: fields.webhookId, outbox_id: fields.outboxId, event_type: fields.eventType, replay_of: fields.replayOf,
      next_attempt_at: trx.fn.now(),
    })
    .returning<DeliveryRow[]>('*');
  await enqueueDeliveries(trx, [row!.id]);
  return row!;
}

/**
 * Send an event again as a new delivery with its own attempt log. `replayOf` points at the original
 * delivery (never at another replay), and the body keeps the event id so receivers can deduplicate.
 */
export async function replayDelivery(db: Queryable, actor: Actor, webhookId: number, deliveryId: number): Promise<DeliveryView> {
  return db.transaction(async (trx) => {
    assertActive(await findWebhook(trx, webhookId));
    const original = await findDelivery(trx, webhookId, deliveryId);
    const row = await insertDelivery(trx, {
      webhookId, outboxId: original.outbox_id, eventType: original.event_type, replayOf: original.replay_of ?? original.id,
    });
    const view = deliveryView(row);
    await recordAudit(trx, actor, { action: 'webhook_delivery.replay', entityType: 'webhook_delivery', entityId: row.id, after: view });
    return view;
  });
}

/** A test event to this webhook only, delivered (signed, retried, logged) like any other. */
export async function pingWebhook(db: Queryable, actor: Actor, webhookId: number): Promise<DeliveryView> {
  return db.transaction(async (trx) => {
    const webhook = await findWebhook(trx, webhookId);
    assertActive(webhook);
    // dispatched_at is set at once: the ping goes to this webhook only, never through the outbox fan-out.
    const [event] = await trx('outbox')
      .insert({
        event_type: PING_EVENT_TYPE, entity_type: 'webhook', entity_id: String(webhookId),
        payload: JSON.stringify({ webhook: { id: webhook.id, url: webhook.url } }), dispatched_at: trx.fn.now(),
      })
      .returning<{ id: number }[]>('id');
    const row = await insertDelivery(trx, { webhookId, outboxId: event!.id, eventType: PING_EVENT_TYPE, replayOf: null });
    const view = deliveryView(row);
    await recordAudit(trx, actor, { action: 'webhook.ping', entityType: 'webhook_delivery', entityId: row.id, after: view });
    return view;
  });
}
