import type { Logger } from 'pino';
import type { Db, Queryable } from '../../db/knex';
import { NonRetryableActivityError } from './lifecycle-activities';

/**
 * `reply`: an agent's public reply sent on the ticket's channel (email: activities/email/email-reply.task.ts);
 * `worker_alert`: a worker's email copy of an in-app notification (docs/notifications.md).
 */
export type OutboundKind = 'notify' | 'reminder' | 'survey' | 'reply' | 'worker_alert';

/** A message to the ticket's customer, as stored in `outbound_messages` and handed to a channel adapter. */
export type OutboundMessage = {
  id: number;
  /** 0 for account emails, which belong to no ticket (portal verification, reset, magic link): `payload.to` is the recipient. */
  ticketId: number;
  channel: string;
  kind: OutboundKind;
  template: string;
  payload: Record<string, unknown>;
};

/**
 * The extension point customer channels plug into as they land (email, chat, plugin channels): `send` delivers
 * one message and throws when it could not. Delivery is at least once (a crash after sending and before
 * recording it re-sends), so adapters deduplicate on `message.id`.
 */
export type ChannelAdapter = { send(message: OutboundMessage): Promise<void> };
export type ChannelAdapters = Partial<Record<string, ChannelAdapter>>;

type Row = { id: number; ticket_id: number | null; channel: string; kind: OutboundKind; template: string; payload: Record<string, unknown>; status: string };

/** Queue one message in the caller's transaction; the same idempotency key never queues a second one. */
export async function queueOutboundMessage(
  trx: Queryable,
  m: { idempotencyKey: string; ticketId: number; channel: string; kind: OutboundKind; template: string; payload: Record<string, unknown> },
): Promise<number> {
  await trx('outbound_messages')
    .insert({ ticket_id: m.ticketId, channel: m.channel, kind: m.kind, template: m.template, idempotency_key: m.idempotencyKey, payload: JSON.stringify(m.payload) })
    .onConflict('idempotency_key')
    .ignore();
  const row = await trx('outbound_messages').where({ idempotency_key: m.idempotencyKey }).first<{ id: number }>('id');
  return row.id;
}

/**
 * After the queueing transaction committed: hand a queued message to its channel's adapter, if one is
 * installed, and record the outcome. Without an adapter the message stays queued for the channel to pick up
 * when it lands. A failed send is recorded and rethrown so the engine retries the activity (the retry finds the
 * message already queued and sends it again).
 */
export async function sendQueued(db: Db, channels: ChannelAdapters, messageId: number, logger: Logger): Promise<'sent' | 'queued'> {
  const row = await db('outbound_messages').where({ id: messageId }).first<Row | undefined>('*');
  if (!row || row.status === 'sent') return 'sent';
  const adapter = channels[row.channel];
  if (!adapter) return 'queued';
  try {
    await adapter.send({ id: row.id, ticketId: row.ticket_id ?? 0, channel: row.channel, kind: row.kind, template: row.template, payload: row.payload });
  } catch (err) {
    // An adapter that can never deliver this message (no address, channel gone) says so with a NonRetryableActivityError.
    const status = err instanceof NonRetryableActivityError ? 'failed' : 'queued';
    await db('outbound_messages').where({ id: messageId, status: 'queued' }).update({ status, error: String(err).slice(0, 1000) });
    logger.warn({ err, messageId, channel: row.channel }, 'outbound message not delivered; the activity will retry');
    throw err;
  }
  await db('outbound_messages').where({ id: messageId }).update({ status: 'sent', sent_at: db.fn.now(), error: null });
  return 'sent';
}
