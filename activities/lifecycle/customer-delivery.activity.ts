import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import type { Db, Queryable } from '../../db/knex';
import { secretKey } from '../../services/secret-key';
import { SURVEY_LINK_TTL_DAYS, SURVEY_QUESTION, surveyLink } from '../../services/lifecycle/survey.service';
import { newSurveyToken } from '../../services/lifecycle/survey-token';
import type { TicketRow } from '../../services/tickets/ticket.view';
import { currentTicket, runOnce, ticketRef, type EffectResult } from './activity-effect';
import { queueCustomerNotices, sendNotices, type QueuedNotice } from '../notifications/notice-routing';
import { queueOutboundMessage, sendQueued, type ChannelAdapters } from './channel-delivery';
import type { LifecycleActivityFn } from './lifecycle-activities';

export const SURVEY_TEMPLATE = 'csat_survey';

async function requester(trx: Queryable, t: TicketRow) {
  const c = await trx('customers').where({ id: t.requester_id }).first('id', 'name', 'email', 'language');
  return { id: c.id as number, name: c.name as string, email: (c.email as string | null) ?? null, language: (c.language as string) ?? t.language };
}

/**
 * Messages to the customer: status notifications and pending reminders on the channels the customer chose
 * (else the ticket's channel; activities/notifications/notice-routing.ts), the CSAT survey on the ticket's channel. Each is queued once per idempotency key in `outbound_messages` (with the survey row and its signed
 * link in the same transaction), then handed to the channel's adapter when one is installed.
 */
export function customerDeliveryActivities(deps: { db: Db; config: Config; logger: Logger; channels: ChannelAdapters }): {
  notify_customer: LifecycleActivityFn<'notify_customer'>;
  deliver_survey: LifecycleActivityFn<'deliver_survey'>;
} {
  const { db, config, logger, channels } = deps;
  const deliver = async (result: EffectResult): Promise<EffectResult> => {
    if (typeof result.messageId !== 'number') return result;
    return { ...result, delivery: await sendQueued(db, channels, result.messageId, logger) };
  };

  return {
    // Status notices and reminders follow the customer's chosen channels (docs/notifications.md): one outbound
    // message per channel, keyed `<key>:<channel>`, so retries neither queue nor send twice.
    notify_customer: async ({ ticketId, idempotencyKey, input }) => {
      const result = await runOnce(db, { idempotencyKey, activity: 'notify_customer', ticketId }, async (trx) => {
        const ticket = await currentTicket(trx, ticketId);
        const customer = await requester(trx, ticket);
        const { queued, skipped } = await queueCustomerNotices(trx, {
          idempotencyKey, ticketId, ticketChannel: input.channel, customer, reason: input.reason,
          kind: input.reason === 'reminder' ? 'reminder' : 'notify', template: input.template,
          payload: { ticket: ticketRef(ticket), requester: customer, statusCategory: input.statusCategory, reminderNumber: input.reminderNumber },
        });
        if (skipped.length) logger.info({ ticketId, idempotencyKey, skipped }, 'customer notice: channels skipped');
        return { messageId: queued[0]?.messageId ?? null, messages: queued, skipped };
      });
      const messages = (result.messages ?? []) as QueuedNotice[];
      if (!messages.length) return result;
      return { ...result, delivery: await sendNotices(db, channels, messages, logger) };
    },

    deliver_survey: async ({ ticketId, idempotencyKey, input }) =>
      deliver(await runOnce(db, { idempotencyKey, activity: 'deliver_survey', ticketId }, async (trx) => {
        const ticket = await currentTicket(trx, ticketId);
        // One survey per resolution, even if a lifecycle were replayed under other event ids.
        const existing = await trx('surveys').where({ ticket_id: ticketId, resolution: input.resolution }).first('id');
        if (existing) return { surveyId: existing.id as number, skipped: 'already_sent' };
        const { rows } = await trx.raw<{ rows: { id: number; expires_at: Date }[] }>(
          `SELECT nextval('surveys_id_seq')::bigint AS id, now() + make_interval(days => ?) AS expires_at`, [SURVEY_LINK_TTL_DAYS],
        );
        const { id, expires_at: expiresAt } = rows[0]!;
        const { token, hash } = newSurveyToken(secretKey(config), id);
        await trx('surveys').insert({
          id, ticket_id: ticketId, resolution: input.resolution, worker_id: ticket.assignee_id, token_hash: hash, expires_at: expiresAt,
        });
        const messageId = await queueOutboundMessage(trx, {
          idempotencyKey, ticketId, channel: input.channel, kind: 'survey', template: SURVEY_TEMPLATE,
          payload: {
            ticket: ticketRef(ticket), requester: await requester(trx, ticket), question: SURVEY_QUESTION,
            link: surveyLink(config, token), expiresAt: expiresAt.toISOString(), resolution: input.resolution,
          },
        });
        return { surveyId: id, messageId };
      })),
  };
}
