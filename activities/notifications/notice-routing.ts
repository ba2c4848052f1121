import type { Logger } from 'pino';
import type { Db, Queryable } from '../../db/knex';
import { installationForChannel } from '../../services/plugins/installation.repository';
import { preferencesOf, type NoticeChannel } from '../../services/notifications/notification-preferences.service';
import { queueOutboundMessage, sendQueued, type ChannelAdapters, type OutboundKind } from '../lifecycle/channel-delivery';
import { NonRetryableActivityError } from '../lifecycle/lifecycle-activities';

/** Why a chosen channel got no message (recorded in the activity result and logged, never dropped silently). */
export type SkippedChannel = { channel: string; reason: string };
export type QueuedNotice = { channel: string; messageId: number };

/** The plugin channels behind each choice: `meta` is Messenger or Instagram, whichever the customer wrote from. */
const PLUGIN_CHANNELS: Partial<Record<NoticeChannel, string[]>> = { sms: ['sms'], telegram: ['telegram'], meta: ['messenger', 'instagram'] };

/** Where a chosen channel reaches the customer now: the concrete outbound channel, or why not. */
async function reach(trx: Queryable, customer: { id: number; email: string | null }, choice: NoticeChannel): Promise<{ channel: string } | { reason: string }> {
  if (choice === 'email') return customer.email ? { channel: 'email' } : { reason: 'no_email_address' };
  if (choice === 'web_push') {
    const sub = await trx('push_subscriptions').where({ customer_id: customer.id }).first('id');
    return sub ? { channel: 'web_push' } : { reason: 'no_push_subscription' };
  }
  const channels = PLUGIN_CHANNELS[choice] ?? [];
  const identities = await trx('customer_channel_identities').where({ customer_id: customer.id }).whereIn('channel', channels).orderBy('id').pluck('channel') as string[];
  if (!identities.length) return { reason: `no_${choice}_identity` };
  for (const channel of identities) {
    if (await installationForChannel(trx, channel)) return { channel };
  }
  return { reason: 'channel_plugin_not_installed' };
}

export type NoticeRequest = {
  /** The activity's (or reply's) key; each channel's message gets `<key>:<channel choice>`. */
  idempotencyKey: string;
  ticketId: number;
  ticketChannel: string;
  customer: { id: number; email: string | null };
  /** `status` obeys the status-updates switch, `reply` the replies switch; reminders always go. */
  reason: 'status' | 'reminder' | 'reply';
  kind: OutboundKind;
  template: string;
  payload: Record<string, unknown>;
};

/**
 * Queue one outbound message per channel the customer chose and can be reached on, in the caller's transaction.
 * When none of the chosen channels reaches them (or they chose none), status notices and reminders fall back to
 * the ticket's own channel; reply notices do not (the reply itself already went out on the ticket's channel, so
 * it is never repeated there either).
 */
export async function queueCustomerNotices(trx: Queryable, r: NoticeRequest): Promise<{ queued: QueuedNotice[]; skipped: SkippedChannel[] }> {
  const prefs = await preferencesOf(trx, r.customer.id);
  if (r.reason === 'status' && !prefs.statusUpdates) return { queued: [], skipped: [{ channel: '*', reason: 'status_updates_off' }] };
  if (r.reason === 'reply' && !prefs.replies) return { queued: [], skipped: [{ channel: '*', reason: 'replies_off' }] };
  const targets: Array<{ choice: string; channel: string }> = [];
  const skipped: SkippedChannel[] = [];
  for (const choice of prefs.channels) {
    const where = await reach(trx, r.customer, choice);
    if ('reason' in where) skipped.push({ channel: choice, reason: where.reason });
    else if (r.reason === 'reply' && where.channel === r.ticketChannel) skipped.push({ channel: choice, reason: 'ticket_channel' });
    else targets.push({ choice, channel: where.channel });
  }
  if (!targets.length && r.reason !== 'reply') targets.push({ choice: r.ticketChannel, channel: r.ticketChannel });
  const queued: QueuedNotice[] = [];
  for (const t of targets) {
    const messageId = await queueOutboundMessage(trx, {
      idempotencyKey: `${r.idempotencyKey}:${t.choice}`, ticketId: r.ticketId, channel: t.channel, kind: r.kind, template: r.template, payload: r.payload,
    });
    queued.push({ channel: t.channel, messageId });
  }
  return { queued, skipped };
}

/**
 * Hand each queued notice to its channel's adapter (activities/lifecycle/channel-delivery.ts `sendQueued`).
 * Every channel is tried; a transient failure is rethrown afterwards so the engine retries (channels already
 * sent answer `sent` without sending again); permanent failures fail the whole call only when nothing went out.
 */
export async function sendNotices(
  db: Db, channels: ChannelAdapters, queued: QueuedNotice[], logger: Logger,
): Promise<Record<string, 'sent' | 'queued' | 'failed'>> {
  const delivery: Record<string, 'sent' | 'queued' | 'failed'> = {};
  let transient: unknown = null;
  let permanent: unknown = null;
  for (const q of queued) {
    try {
      delivery[q.channel] = await sendQueued(db, channels, q.messageId, logger);
    } catch (err) {
      if (err instanceof NonRetryableActivityError) {
        delivery[q.channel] = 'failed';
        permanent ??= err;
      } else {
        delivery[q.channel] = 'queued';
        transient ??= err;
      }
    }
  }
  if (transient) throw transient;
  if (permanent && Object.values(delivery).every((s) => s === 'failed')) throw permanent;
  return delivery;
}
