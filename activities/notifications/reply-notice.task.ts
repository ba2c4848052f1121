import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db, Queryable } from '../../db/knex';
import type { ChannelAdapters } from '../lifecycle/channel-delivery';
import { NonRetryableActivityError } from '../lifecycle/lifecycle-activities';
import type { DispatchedEvent } from '../webhooks/outbox-dispatch.task';
import { queueCustomerNotices, sendNotices } from './notice-routing';

export const NOTICE_SEND_TASK = 'notice_send';
const MAX_ATTEMPTS = 12;
export const REPLY_NOTICE_TEMPLATE = 'agent_reply_notice';

const entryPayload = z.object({ entry: z.object({ id: z.number(), ticketId: z.number(), kind: z.string() }) });
const jobPayload = z.object({ messageId: z.number().int().positive() });

/**
 * Outbox consumer (inside outbox_dispatch's transaction): an agent's public reply also notifies the customer on
 * the other channels they chose (web push, SMS, ...; docs/notifications.md) — never again on the ticket's own
 * channel, which carries the reply itself. One outbound message per channel (`reply-notice:<entry>:<channel>`)
 * with its `notice_send` job, so a re-dispatched event queues nothing twice.
 */
export async function onNoticeOutboxEvent(trx: Queryable, event: DispatchedEvent): Promise<void> {
  if (event.event_type !== 'message.created') return;
  const row = await trx('outbox').where({ id: event.id }).first<{ payload: unknown } | undefined>('payload');
  const parsed = entryPayload.safeParse(row?.payload);
  if (!parsed.success || parsed.data.entry.kind !== 'public_reply') return;
  const { entry } = parsed.data;
  const ticket = await trx('tickets as t').join('customers as c', 'c.id', 't.requester_id').where('t.id', entry.ticketId)
    .first<{ channel: string; number: string; subject: string; requester_id: number; email: string | null } | undefined>('t.channel', 't.number', 't.subject', 't.requester_id', 'c.email');
  if (!ticket) return;
  const { queued } = await queueCustomerNotices(trx, {
    idempotencyKey: `reply-notice:${entry.id}`, ticketId: entry.ticketId, ticketChannel: ticket.channel,
    customer: { id: Number(ticket.requester_id), email: ticket.email }, reason: 'reply', kind: 'notify', template: REPLY_NOTICE_TEMPLATE,
    payload: { entryId: entry.id, ticket: { id: entry.ticketId, number: Number(ticket.number), subject: ticket.subject } },
  });
  for (const q of queued) {
    await trx.raw(`SELECT graphile_worker.add_job(?, json_build_object('messageId', ?::bigint), max_attempts => ?, job_key => ?)`,
      [NOTICE_SEND_TASK, q.messageId, MAX_ATTEMPTS, `notice-send:${q.messageId}`]);
  }
}

/** `notice_send`: hand one queued notice to its channel adapter; transient failures throw so the job retries. */
export function createNoticeSendTask(deps: { db: Db; logger: Logger; channels: ChannelAdapters }): Task {
  return async (raw, helpers) => {
    const payload = jobPayload.safeParse(raw);
    if (!payload.success) {
      deps.logger.error({ jobId: helpers.job.id, payload: raw }, 'notice_send job with an invalid payload dropped');
      return;
    }
    const row = await deps.db('outbound_messages').where({ id: payload.data.messageId }).first<{ channel: string } | undefined>('channel');
    if (!row) return;
    try {
      await sendNotices(deps.db, deps.channels, [{ channel: row.channel, messageId: payload.data.messageId }], deps.logger);
    } catch (err) {
      // Recorded as failed by sendQueued: retrying cannot help.
      if (err instanceof NonRetryableActivityError) return;
      throw err;
    }
  };
}
