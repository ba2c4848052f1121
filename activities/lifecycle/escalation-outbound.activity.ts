import type { Db } from '../../db/knex';
import { publishEvent } from '../../services/outbox.service';
import { currentTicket, runOnce, ticketRef } from './activity-effect';
import type { LifecycleActivityFn } from './lifecycle-activities';
import { notifyWorkers } from './notifications';
import { activeWorker, teamMembers } from './recipients';
import { deliverToWebhook } from './webhook-target';

/**
 * Escalations that leave the ticket's people: a configured destination and a webhook.
 * Destinations: `worker:<id>` and `team:<id>` become in-app notifications, `webhook:<id>` a signed delivery
 * to that webhook; anything else (`slack:#support`, `email:ops@example.com`) is published as a
 * `lifecycle.notification` event for the webhooks and channel plugins subscribed to it.
 */
export function escalationOutboundActivities(db: Db): {
  notify_channel: LifecycleActivityFn<'notify_channel'>;
  fire_webhook: LifecycleActivityFn<'fire_webhook'>;
} {
  return {
    notify_channel: ({ ticketId, idempotencyKey, input }) =>
      runOnce(db, { idempotencyKey, activity: 'notify_channel', ticketId }, async (trx) => {
        const ticket = await currentTicket(trx, ticketId);
        const payload = { ticket: ticketRef(ticket), destination: input.destination, template: input.template, escalation: input.escalation };
        const [kind, target] = input.destination.split(/:(.*)/s) as [string, string | undefined];
        if ((kind === 'worker' || kind === 'team') && target && /^\d{1,15}$/.test(target)) {
          const workerIds = kind === 'worker' ? await activeWorker(trx, Number(target)) : await teamMembers(trx, Number(target));
          return { notified: await notifyWorkers(trx, { idempotencyKey, workerIds, kind: 'channel', ticketId, payload }) };
        }
        if (kind === 'webhook' && target) return deliverToWebhook(trx, target, ticketId, { ...payload, action: 'notify_channel' });
        const eventId = await publishEvent(trx, { type: 'lifecycle.notification', entityType: 'ticket', entityId: ticketId, payload });
        return { eventId };
      }),

    fire_webhook: ({ ticketId, idempotencyKey, input }) =>
      runOnce(db, { idempotencyKey, activity: 'fire_webhook', ticketId }, async (trx) => {
        const ticket = await currentTicket(trx, ticketId);
        return deliverToWebhook(trx, input.webhookId, ticketId, { ticket: ticketRef(ticket), escalation: input.escalation, action: 'fire_webhook' });
      }),
  };
}
