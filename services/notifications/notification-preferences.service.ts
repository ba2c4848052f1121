import { notFound } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';

/** The channels a customer may choose for notices (docs/notifications.md); `meta` = Messenger and Instagram. */
export const NOTICE_CHANNELS = ['email', 'sms', 'telegram', 'meta', 'web_push'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

export type NotificationPreferences = { channels: NoticeChannel[]; statusUpdates: boolean; replies: boolean };

/** Without a stored row: the ticket's own channel only, status updates and replies on. */
export const DEFAULT_PREFERENCES: NotificationPreferences = { channels: [], statusUpdates: true, replies: true };

type Row = { channels: string[]; status_updates: boolean; replies: boolean };
const view = (r: Row | undefined): NotificationPreferences => (r
  ? { channels: r.channels.filter((c): c is NoticeChannel => (NOTICE_CHANNELS as readonly string[]).includes(c)), statusUpdates: r.status_updates, replies: r.replies }
  : { ...DEFAULT_PREFERENCES, channels: [] });

async function customerExists(db: Queryable, customerId: number): Promise<void> {
  const c = await db('customers').where({ id: customerId }).first('id');
  if (!c) throw notFound('Customer', customerId);
}

export async function getNotificationPreferences(db: Queryable, customerId: number): Promise<NotificationPreferences> {
  await customerExists(db, customerId);
  return view(await db('customer_notification_preferences').where({ customer_id: customerId }).first<Row | undefined>('channels', 'status_updates', 'replies'));
}

/** Read for delivery (no existence check: the ticket's requester exists). */
export async function preferencesOf(db: Queryable, customerId: number): Promise<NotificationPreferences> {
  return view(await db('customer_notification_preferences').where({ customer_id: customerId }).first<Row | undefined>('channels', 'status_updates', 'replies'));
}

/** Replace the customer's preferences (duplicates dropped, order kept); audited with before and after. */
export async function setNotificationPreferences(db: Queryable, actor: Actor, customerId: number, input: NotificationPreferences): Promise<NotificationPreferences> {
  return db.transaction(async (trx) => {
    const exists = await trx('customers').where({ id: customerId }).forUpdate().first('id');
    if (!exists) throw notFound('Customer', customerId);
    const before = view(await trx('customer_notification_preferences').where({ customer_id: customerId }).first<Row | undefined>('channels', 'status_updates', 'replies'));
    const channels = [...new Set(input.channels)];
    await trx('customer_notification_preferences')
      .insert({ customer_id: customerId, channels, status_updates: input.statusUpdates, replies: input.replies, updated_at: trx.fn.now() })
      .onConflict('customer_id').merge();
    const after: NotificationPreferences = { channels, statusUpdates: input.statusUpdates, replies: input.replies };
    await recordAudit(trx, actor, { action: 'customer.notification_preferences_update', entityType: 'customer', entityId: customerId, before, after });
    return after;
  });
}

// ------------------------------------------------------------------------------------------- worker alert settings

/** Worker notification kinds that can also be emailed (activities/lifecycle/notifications.ts plus mentions). */
export const ALERT_KINDS = ['mention', 'sla.warning', 'sla.breach', 'alert.assigned', 'alert.customer_reply', 'alert.reopened', 'alert.low_csat', 'channel'] as const;

export type AlertSettings = { email: boolean; kinds: string[] };

export async function getAlertSettings(db: Queryable, workerId: number): Promise<AlertSettings> {
  const r = await db('worker_alert_settings').where({ worker_id: workerId }).first<{ email: boolean; kinds: string[] } | undefined>('email', 'kinds');
  return r ? { email: r.email, kinds: r.kinds } : { email: false, kinds: [...ALERT_KINDS] };
}

export async function setAlertSettings(db: Queryable, actor: Actor, workerId: number, input: AlertSettings): Promise<AlertSettings> {
  return db.transaction(async (trx) => {
    const before = await getAlertSettings(trx, workerId);
    const after = { email: input.email, kinds: [...new Set(input.kinds)] };
    await trx('worker_alert_settings').insert({ worker_id: workerId, email: after.email, kinds: after.kinds, updated_at: trx.fn.now() }).onConflict('worker_id').merge();
    await recordAudit(trx, actor, { action: 'worker.alert_settings_update', entityType: 'worker', entityId: workerId, before, after });
    return after;
  });
}
