import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import { notFound, validationError } from '../../core/errors';
import type { Db, Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { publishEvent } from '../outbox.service';
import type { BlobStorage } from '../storage/blob-storage';
import { installationForChannel, type InstallationRow } from './installation.repository';
import { callPlugin, callTarget, isServiceError } from './plugin-client';
import { pluginActor } from './plugin-principal';

export const PLUGIN_DELIVER_TASK = 'plugin_deliver';
/** DeliverMessage deadline (contract: 10 s). */
export const DELIVER_DEADLINE_MS = 10_000;
const MAX_ATTEMPTS = 12;

export type DeliveryState = 'queued' | 'sent' | 'delivered' | 'failed' | 'read';
const RANK: Record<DeliveryState, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 1 };

type DeliveryRow = {
  id: number; plugin_id: string; channel: string; ticket_id: number; entry_id: number | null; idempotency_key: string;
  state: DeliveryState; external_ids: string[]; attempts: number;
  /** A notice's own text (no entry): services/notifications, docs/notifications.md. */
  body_text: string | null;
};

/**
 * An agent's public reply on a ticket whose channel a plugin serves: queue its delivery and the job that sends
 * it, in the caller's (outbox dispatch) transaction. The idempotency key makes a re-dispatch harmless.
 */
export async function queueReplyDelivery(trx: Queryable, entry: { id: number; ticketId: number; kind: string }): Promise<number | null> {
  if (entry.kind !== 'public_reply') return null;
  const ticket = await trx('tickets').where({ id: entry.ticketId }).first<{ channel: string } | undefined>('channel');
  if (!ticket) return null;
  const plugin = await installationForChannel(trx, ticket.channel);
  if (!plugin) return null;
  const [row] = await trx('plugin_deliveries')
    .insert({ plugin_id: plugin.plugin_id, channel: ticket.channel, ticket_id: entry.ticketId, entry_id: entry.id, idempotency_key: `entry:${entry.id}` })
    .onConflict('idempotency_key').ignore().returning<{ id: number }[]>('id');
  if (!row) return null;
  await trx.raw(`SELECT graphile_worker.add_job(?, json_build_object('deliveryId', ?::bigint), max_attempts => ?, job_key => ?)`,
    [PLUGIN_DELIVER_TASK, row.id, MAX_ATTEMPTS, `plugin-delivery:${row.id}`]);
  return row.id;
}

/**
 * A customer notice (status update, reminder, reply notice: docs/notifications.md) through the plugin serving
 * `channel`: a delivery without a conversation entry, carrying its own text, with its `plugin_deliver` job. The
 * key is per outbound message, so a repeated hand-over (activity retry) queues nothing new.
 */
export async function queueNoticeDelivery(
  db: Db, n: { outboundMessageId: number; ticketId: number; channel: string; bodyText: string },
): Promise<{ deliveryId: number; state: DeliveryState } | null> {
  return db.transaction(async (trx) => {
    const plugin = await installationForChannel(trx, n.channel);
    if (!plugin) return null;
    const key = `notice:${n.outboundMessageId}`;
    await trx('plugin_deliveries')
      .insert({ plugin_id: plugin.plugin_id, channel: n.channel, ticket_id: n.ticketId, entry_id: null, idempotency_key: key, body_text: n.bodyText })
      .onConflict('idempotency_key').ignore();
    const row = await trx('plugin_deliveries').where({ idempotency_key: key }).first<{ id: number; state: DeliveryState }>('id', 'state');
    if (row.state === 'queued') {
      await trx.raw(`SELECT graphile_worker.add_job(?, json_build_object('deliveryId', ?::bigint), max_attempts => ?, job_key => ?)`,
        [PLUGIN_DELIVER_TASK, row.id, MAX_ATTEMPTS, `plugin-delivery:${row.id}`]);
    }
    return { deliveryId: Number(row.id), state: row.state };
  });
}

/** gRPC codes worth another attempt (contract: UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED). */
const RETRYABLE = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.RESOURCE_EXHAUSTED, grpc.status.UNKNOWN, grpc.status.INTERNAL, grpc.status.ABORTED, grpc.status.CANCELLED]);

/** A transient failure: the job runner retries the delivery with backoff. */
export class RetryableDeliveryError extends Error {}

/**
 * Send one queued delivery through its plugin's DeliverMessage. Success records the provider ids and state;
 * INVALID_ARGUMENT / FAILED_PRECONDITION (and similar) fail it for good; transient errors are recorded and
 * thrown so the job is retried (the plugin deduplicates on the idempotency key).
 */
/** Tell webhooks and open ticket pages (live) that a reply's delivery state changed. */
function publishDeliveryState(trx: Queryable, d: Pick<DeliveryRow, 'id' | 'ticket_id' | 'entry_id' | 'plugin_id'>, state: DeliveryState) {
  return publishEvent(trx, {
    type: 'message.delivery_updated', entityType: 'ticket', entityId: d.ticket_id,
    payload: { entryId: d.entry_id, delivery: { id: d.id, plugin: d.plugin_id, state } },
  });
}

/** Larger replies are refused rather than cut: the plugin side accepts 32 MiB per call, the margin is for the body. */
const MAX_ATTACHMENT_BYTES = 24 * 1_048_576;

/** The reply's files, read in full: DeliverMessage carries them inline (providers want bytes or a URL the plugin serves). */
async function entryAttachments(db: Db, storage: BlobStorage, entryId: number) {
  const files = await db('attachments').where({ entry_id: entryId }).orderBy('id')
    .select<{ filename: string; content_type: string; size: string | number; storage_key: string }[]>('filename', 'content_type', 'size', 'storage_key');
  if (files.reduce((sum, f) => sum + Number(f.size), 0) > MAX_ATTACHMENT_BYTES) return null;
  return Promise.all(files.map(async (f) => {
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.get(f.storage_key)) chunks.push(chunk as Buffer);
    const content = Buffer.concat(chunks);
    return { filename: f.filename, contentType: f.content_type, size: content.length, content, url: '' };
  }));
}

export async function performDelivery(
  db: Db, config: Pick<Config, 'secretKey' | 'dataDir'>, storage: BlobStorage, deliveryId: number, logger: Logger,
): Promise<DeliveryState> {
  const d = await db('plugin_deliveries').where({ id: deliveryId }).first<DeliveryRow | undefined>();
  if (!d || d.state !== 'queued') return d?.state ?? 'failed';
  const plugin = await db('plugin_installations').where({ plugin_id: d.plugin_id }).first<InstallationRow | undefined>();
  const fail = async (code: string, message: string) => {
    await db.transaction(async (trx) => {
      await trx('plugin_deliveries').where({ id: d.id }).update({ state: 'failed', error_code: code, error_message: message.slice(0, 1000), attempts: d.attempts + 1, updated_at: trx.fn.now() });
      await recordAudit(trx, pluginActor(plugin ?? { id: 0 }), { action: 'plugin.delivery_failed', entityType: 'ticket', entityId: d.ticket_id, after: { deliveryId: d.id, code, message } });
      await publishDeliveryState(trx, d, 'failed');
    });
    return 'failed' as const;
  };
  if (!plugin || plugin.uninstalled_at) return fail('plugin_uninstalled', `Plugin ${d.plugin_id} is not installed`);
  const target = plugin.enabled ? callTarget(config, plugin) : null;
  const retryLater = async (code: string, message: string): Promise<never> => {
    await db('plugin_deliveries').where({ id: d.id, state: 'queued' }).update({ error_code: code, error_message: message.slice(0, 1000), attempts: d.attempts + 1, updated_at: db.fn.now() });
    throw new RetryableDeliveryError(`${code}: ${message}`);
  };
  if (!target) return retryLater('plugin_unavailable', `Plugin ${d.plugin_id} is not running`);

  const entry = d.entry_id
    ? await db('conversation_entries').where({ id: d.entry_id }).first<{ body_text: string; body_html: string } | undefined>('body_text', 'body_html')
    : d.body_text !== null ? { body_text: d.body_text, body_html: '' } : undefined;
  if (!entry) return fail('entry_gone', 'The reply no longer exists');
  const thread = await db('plugin_ticket_threads').where({ ticket_id: d.ticket_id })
    .first<{ thread_external_id: string; address: string; display_name: string; last_inbound_external_id: string | null; last_inbound_at: Date | null } | undefined>();
  const recipient = thread ?? await db('tickets as t').join('customer_channel_identities as i', 'i.customer_id', 't.requester_id')
    .where({ 't.id': d.ticket_id, 'i.channel': d.channel })
    .first<{ address: string; display_name: string } | undefined>('i.address', 'i.display_name');
  if (!recipient) return fail('no_recipient', `The customer has no ${d.channel} address`);
  const attachments = d.entry_id ? await entryAttachments(db, storage, d.entry_id) : [];
  if (!attachments) return fail('attachments_too_large', `The reply's attachments exceed ${MAX_ATTACHMENT_BYTES / 1_048_576} MiB`);
  try {
    const res = await callPlugin(target, 'deliverMessage', {
      idempotencyKey: d.idempotency_key, deliveryId: d.id, ticketId: d.ticket_id, channel: d.channel,
      recipient: { address: recipient.address, displayName: recipient.display_name, externalId: '' },
      threadExternalId: thread?.thread_external_id ?? recipient.address, replyToExternalId: thread?.last_inbound_external_id ?? '',
      bodyText: entry.body_text, bodyHtml: entry.body_html, attachments,
      lastInboundAtMs: thread?.last_inbound_at ? thread.last_inbound_at.getTime() : 0,
    }, DELIVER_DEADLINE_MS);
    const state: DeliveryState = res.state === 'QUEUED' ? 'queued' : 'sent';
    await db.transaction(async (trx) => {
      // Receipts may already have moved it on (a fast provider): never move backwards.
      await trx('plugin_deliveries').where({ id: d.id }).update({
        external_ids: res.externalIds, attempts: d.attempts + 1, error_code: null, error_message: null, updated_at: trx.fn.now(),
        state: trx.raw(`CASE WHEN state = 'queued' THEN ? ELSE state END`, [state]),
      });
      await recordAudit(trx, pluginActor(plugin), { action: 'plugin.delivery_sent', entityType: 'ticket', entityId: d.ticket_id, after: { deliveryId: d.id, externalIds: res.externalIds } });
      await publishDeliveryState(trx, d, state);
    });
    // QUEUED (accepted by the provider, not sent yet) stays queued until a receipt moves it; the job is done
    // either way, and a crash-retry is deduplicated by the plugin on the idempotency key.
    return state;
  } catch (err) {
    if (!isServiceError(err)) throw err;
    const code = grpc.status[err.code] ?? String(err.code);
    if (RETRYABLE.has(err.code)) {
      logger.warn({ deliveryId: d.id, plugin: d.plugin_id, code, details: err.details }, 'plugin delivery failed; will retry');
      return retryLater(code, err.details);
    }
    return fail(code, err.details);
  }
}

/** A provider receipt (Host.UpdateDeliveryStatus): by host delivery id or provider id; states only move forward. */
export async function updateDeliveryStatus(
  db: Db, plugin: InstallationRow, input: { deliveryId: number; externalId: string; state: string; errorCode: string; errorMessage: string },
): Promise<void> {
  const state = ({ QUEUED: 'queued', SENT: 'sent', DELIVERED: 'delivered', FAILED: 'failed', READ: 'read' } as Record<string, DeliveryState>)[input.state];
  if (!state) throw validationError('Unknown delivery state', [{ path: 'state', message: 'must be QUEUED, SENT, DELIVERED, FAILED or READ' }]);
  if (!input.deliveryId && !input.externalId) throw validationError('Name the delivery', [{ path: 'delivery_id', message: 'give delivery_id or external_id' }]);
  await db.transaction(async (trx) => {
    const q = trx('plugin_deliveries').where({ plugin_id: plugin.plugin_id }).forUpdate();
    const d = await (input.deliveryId ? q.where({ id: input.deliveryId }) : q.whereRaw('? = ANY(external_ids)', [input.externalId])).first<DeliveryRow | undefined>();
    if (!d) throw notFound('Delivery', input.deliveryId || input.externalId);
    const forward = state === 'failed' ? !['delivered', 'read', 'failed'].includes(d.state) : d.state !== 'failed' && RANK[state] > RANK[d.state];
    if (!forward) return; // repeated or out-of-order receipt: idempotent no-op
    await trx('plugin_deliveries').where({ id: d.id }).update({
      state, updated_at: trx.fn.now(),
      ...(state === 'failed' ? { error_code: input.errorCode || 'failed', error_message: input.errorMessage || null } : {}),
    });
    await recordAudit(trx, pluginActor(plugin), { action: 'plugin.delivery_status', entityType: 'ticket', entityId: d.ticket_id, before: { deliveryId: d.id, state: d.state }, after: { deliveryId: d.id, state } });
    await publishDeliveryState(trx, d, state);
  });
}
