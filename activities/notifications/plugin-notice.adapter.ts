import type { Db } from '../../db/knex';
import { queueNoticeDelivery } from '../../services/plugins/delivery.service';
import type { ChannelAdapter } from '../lifecycle/channel-delivery';
import { NonRetryableActivityError } from '../lifecycle/lifecycle-activities';
import { noticeOf } from './notice-text-of';

/**
 * Customer notices through a channel plugin (SMS, Telegram, Messenger, Instagram): the message becomes a
 * `plugin_deliveries` row with its own text and a `plugin_deliver` job (services/plugins/delivery.service.ts),
 * which sends it through the plugin's DeliverMessage with retries and receipts like agent replies. Handing over
 * is idempotent per outbound message.
 */
export function createPluginNoticeAdapter(deps: { db: Db }): ChannelAdapter {
  return {
    async send(message) {
      const notice = await noticeOf(deps.db, message);
      const queued = await queueNoticeDelivery(deps.db, { outboundMessageId: message.id, ticketId: notice.ticketId, channel: message.channel, bodyText: notice.body });
      if (!queued) throw new NonRetryableActivityError('channel_not_installed', `No enabled plugin serves the ${message.channel} channel`);
      if (queued.state === 'failed') throw new NonRetryableActivityError('plugin_delivery_failed', `The ${message.channel} delivery ${queued.deliveryId} failed`);
    },
  };
}
