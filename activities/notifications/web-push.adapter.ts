import type { Logger } from 'pino';
import webpush from 'web-push';
import type { Config } from '../../config/config';
import type { Db } from '../../db/knex';
import { vapidKeys, vapidSubject } from '../../services/notifications/vapid-keys';
import type { ChannelAdapter } from '../lifecycle/channel-delivery';
import { NonRetryableActivityError } from '../lifecycle/lifecycle-activities';
import { noticeOf, portalTicketUrl } from './notice-text-of';

const TTL_SECONDS = 24 * 3600;
const TIMEOUT_MS = 10_000;

/**
 * The `web_push` channel: the notice, encrypted (RFC 8291, aes128gcm) and VAPID-signed (RFC 8292) by the
 * `web-push` package, POSTed (RFC 8030) to every push service endpoint the customer subscribed. 404/410 mean
 * the subscription is gone: it is deleted. A send retried after a partial failure may reach a browser twice;
 * the notification's `tag` is the outbound message id, so the service worker shows it once
 * (ui/public/lantern-push-sw.js).
 */
export function createWebPushAdapter(deps: { db: Db; config: Config; logger: Logger }): ChannelAdapter {
  const { db, config, logger } = deps;
  return {
    async send(message) {
      const notice = await noticeOf(db, message);
      const subs = await db('push_subscriptions').where({ customer_id: notice.customerId }).orderBy('id')
        .select<{ id: number; endpoint: string; p256dh: string; auth: string }[]>('id', 'endpoint', 'p256dh', 'auth');
      if (!subs.length) throw new NonRetryableActivityError('no_push_subscription', 'The customer has no web push subscription');
      const keys = await vapidKeys(db, config);
      const payload = JSON.stringify({
        title: notice.title, body: notice.body, url: portalTicketUrl(config, notice.ticketId), tag: `lantern-${message.id}`, ticketId: notice.ticketId,
      });
      let delivered = 0;
      let retryable: Error | null = null;
      for (const sub of subs) {
        const req = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
          vapidDetails: { subject: vapidSubject(config), publicKey: keys.publicKey, privateKey: keys.privateKey },
          TTL: TTL_SECONDS, contentEncoding: 'aes128gcm', urgency: 'normal',
        });
        let status: number;
        try {
          const res = await fetch(req.endpoint, {
            method: 'POST', headers: req.headers as Record<string, string>, body: new Uint8Array(req.body), signal: AbortSignal.timeout(TIMEOUT_MS),
          });
          status = res.status;
          await res.body?.cancel();
        } catch (err) {
          retryable = err as Error;
          continue;
        }
        if (status >= 200 && status < 300) {
          delivered++;
          await db('push_subscriptions').where({ id: sub.id }).update({ last_success_at: db.fn.now() });
        } else if (status === 404 || status === 410) {
          // RFC 8030 §7.3: the subscription expired or was removed; never send to it again.
          await db('push_subscriptions').where({ id: sub.id }).delete();
          logger.info({ subscriptionId: sub.id, status }, 'web push subscription gone; deleted');
        } else {
          retryable = new Error(`push service answered ${status}`);
        }
      }
      if (delivered > 0) return;
      if (retryable) throw retryable;
      throw new NonRetryableActivityError('no_push_subscription', 'Every web push subscription of the customer has expired');
    },
  };
}
