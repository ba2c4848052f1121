import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db, Queryable } from '../../db/knex';
import { EMAIL_SEND_TASK, enqueueEmailSend } from '../../services/email/email.jobs';
import { queueOutboundMessage, sendQueued, type ChannelAdapter } from '../lifecycle/channel-delivery';
import { NonRetryableActivityError } from '../lifecycle/lifecycle-activities';
import type { DispatchedEvent } from '../webhooks/outbox-dispatch.task';

export { EMAIL_SEND_TASK };

const entryPayload = z.object({ entry: z.object({ id: z.number(), ticketId: z.number(), kind: z.string() }) });
const jobPayload = z.object({ messageId: z.number().int().positive() });

/**
 * Outbox consumer (inside outbox_dispatch's transaction): an agent's public reply on an email ticket is queued
 * once in `outbound_messages` (kind `reply`, idempotency key per entry) with its `email_send` job.
 */
export async function onEmailOutboxEvent(trx: Queryable, event: DispatchedEvent): Promise<void> {
  if (event.event_type !== 'message.created') return;
  const row = await trx('outbox').where({ id: event.id }).first<{ payload: unknown } | undefined>('payload');
  const parsed = entryPayload.safeParse(row?.payload);
  if (!parsed.success || parsed.data.entry.kind !== 'public_reply') return;
  const { entry } = parsed.data;
  const ticket = await trx('tickets').where({ id: entry.ticketId }).first<{ channel: string } | undefined>('channel');
  if (ticket?.channel !== 'email') return;
  const messageId = await queueOutboundMessage(trx, {
    idempotencyKey: `email-reply:${entry.id}`, ticketId: entry.ticketId, channel: 'email', kind: 'reply', template: 'agent_reply',
    payload: { entryId: entry.id },
  });
  await enqueueEmailSend(trx, messageId);
}

/** `email_send`: deliver one queued message; transient failures throw so graphile-worker retries with backoff. */
export function createEmailSendTask(deps: { db: Db; logger: Logger; sender: ChannelAdapter }): Task {
  return async (raw, helpers) => {
    const payload = jobPayload.safeParse(raw);
    if (!payload.success) {
      deps.logger.error({ jobId: helpers.job.id, payload: raw }, 'email_send job with an invalid payload dropped');
      return;
    }
    try {
      await sendQueued(deps.db, { email: deps.sender }, payload.data.messageId, deps.logger);
    } catch (err) {
      // Already recorded as failed by sendQueued: retrying cannot help.
      if (err instanceof NonRetryableActivityError) return;
      throw err;
    }
  };
}
