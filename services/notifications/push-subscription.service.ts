import type { Config } from '../../config/config';
import { LanternError, notFound, validationError } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';

export type PushSubscriptionInput = { endpoint: string; keys: { p256dh: string; auth: string } };

const customerOf = (p: Principal): number => {
  // A request error, not an authorization one: the caller holds `self`, it is just not a customer.
  if (p.kind !== 'customer') throw new LanternError('bad_request', 'Web push subscriptions belong to customers');
  return p.id;
};

/**
 * Save the browser's push subscription for the calling customer. The endpoint is unique: the same browser
 * subscribing again (or after another customer signed in on it) moves the subscription to the caller.
 */
export async function addPushSubscription(
  db: Queryable, config: Pick<Config, 'push'>, p: Principal, actor: Actor, input: PushSubscriptionInput, userAgent: string | undefined,
): Promise<{ id: number }> {
  const customerId = customerOf(p);
  const url = new URL(input.endpoint);
  // Our server POSTs to this URL: only https push services, so a customer cannot aim it at plain-http internals.
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(config.push.allowHttpEndpoints && loopback)) {
    throw validationError('Invalid push subscription', [{ path: 'endpoint', message: 'must be an https URL of a push service' }]);
  }
  return db.transaction(async (trx) => {
    const [row] = await trx('push_subscriptions')
      .insert({ customer_id: customerId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, user_agent: userAgent?.slice(0, 300) ?? null })
      .onConflict('endpoint').merge(['customer_id', 'p256dh', 'auth', 'user_agent'])
      .returning<{ id: number }[]>('id');
    const id = Number(row!.id);
    await recordAudit(trx, actor, { action: 'customer.push_subscribe', entityType: 'customer', entityId: customerId, after: { subscriptionId: id, origin: new URL(input.endpoint).origin } });
    return { id };
  });
}

/** Remove one of the caller's subscriptions; someone else's answers like a missing one. */
export async function removePushSubscription(db: Queryable, p: Principal, actor: Actor, id: number): Promise<void> {
  if (p.kind !== 'customer') throw notFound('Push subscription', id);
  const customerId = p.id;
  await db.transaction(async (trx) => {
    const deleted = await trx('push_subscriptions').where({ id, customer_id: customerId }).delete();
    if (!deleted) throw notFound('Push subscription', id);
    await recordAudit(trx, actor, { action: 'customer.push_unsubscribe', entityType: 'customer', entityId: customerId, before: { subscriptionId: id } });
  });
}
