import { notFound } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { keysetPage, type Page } from '../keyset';
import { queueWorkerAlertEmails } from '../notifications/worker-alert-email';

type NotificationRow = { id: number; kind: string; ticket_id: number | null; payload: Record<string, unknown>; created_at: Date; read_at: Date | null };

const view = (r: NotificationRow) => ({
  id: r.id, kind: r.kind, ticketId: r.ticket_id, payload: r.payload, createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null,
});
export type NotificationView = ReturnType<typeof view>;

/** The caller's in-app notifications, newest first. Only workers receive them; anyone else has none. */
export async function listNotifications(
  db: Queryable, p: Principal, query: { limit: number; cursor?: string | undefined; unread?: boolean | undefined },
): Promise<Page<NotificationView>> {
  const q = db('notifications').where({ worker_id: p.kind === 'worker' ? p.id : 0 }).select('id', 'kind', 'ticket_id', 'payload', 'created_at', 'read_at');
  if (query.unread) q.whereNull('read_at');
  const page = await keysetPage<NotificationRow>(q, { column: 'id', idColumn: 'id', value: 'id', desc: true }, query);
  return { rows: page.rows.map(view), nextCursor: page.nextCursor };
}

/** Marking read is idempotent; another worker's notification answers like a missing one. */
export async function markNotificationRead(db: Queryable, p: Principal, actor: Actor, id: number): Promise<NotificationView> {
  return db.transaction(async (trx) => {
    const before = (await trx('notifications').where({ id, worker_id: p.kind === 'worker' ? p.id : 0 }).forUpdate()
      .first('id', 'kind', 'ticket_id', 'payload', 'created_at', 'read_at')) as NotificationRow | undefined;
    if (!before) throw notFound('Notification', id);
    if (before.read_at) return view(before);
    const [row] = (await trx('notifications').where({ id }).update({ read_at: trx.fn.now() })
      .returning(['id', 'kind', 'ticket_id', 'payload', 'created_at', 'read_at'])) as NotificationRow[];
    const after = view(row!);
    await recordAudit(trx, actor, { action: 'notification.read', entityType: 'notification', entityId: id, before: view(before), after });
    return after;
  });
}

/**
 * Create in-app notifications, one per worker, idempotent per `idempotencyKey` + worker (`ON CONFLICT DO
 * NOTHING`, so a retried activity or request cannot notify twice). Every insert reaches the worker's live
 * stream through the `notifications_notify` trigger, on commit; workers who opted in also get it by email
 * (services/notifications/worker-alert-email.ts). Returns who got one now.
 */
export async function createNotifications(
  db: Queryable,
  n: { idempotencyKey: string; workerIds: number[]; kind: string; ticketId: number | null; payload: Record<string, unknown> },
): Promise<number[]> {
  const ids = [...new Set(n.workerIds)];
  if (ids.length === 0) return [];
  const rows = await db('notifications')
    .insert(ids.map((workerId) => ({
      worker_id: workerId,
      kind: n.kind,
      ticket_id: n.ticketId,
      payload: JSON.stringify(n.payload),
      idempotency_key: `${n.idempotencyKey}|worker:${workerId}`,
    })))
    .onConflict('idempotency_key')
    .ignore()
    .returning<{ worker_id: number }[]>('worker_id');
  const notified = rows.map((r) => r.worker_id);
  // Workers who asked for email alerts get a copy through the durable outbound email path (docs/notifications.md).
  await queueWorkerAlertEmails(db, { ...n, workerIds: notified });
  return notified;
}

const workerIdOf = (p: Principal) => (p.kind === 'worker' ? p.id : 0);

export async function unreadNotificationCount(db: Queryable, p: Principal): Promise<number> {
  const row = await db('notifications').where({ worker_id: workerIdOf(p) }).whereNull('read_at').count<{ n: number }[]>('* as n').first();
  return Number(row?.n ?? 0);
}

/** Mark every unread notification of the caller read; one audit row says how many. */
export async function markAllNotificationsRead(db: Queryable, p: Principal, actor: Actor): Promise<number> {
  return db.transaction(async (trx) => {
    const ids = await trx('notifications').where({ worker_id: workerIdOf(p) }).whereNull('read_at').update({ read_at: trx.fn.now() }).returning<{ id: number }[]>('id');
    if (ids.length) {
      await recordAudit(trx, actor, { action: 'notification.read_all', entityType: 'notification', entityId: `worker:${workerIdOf(p)}`, after: { count: ids.length } });
    }
    return ids.length;
  });
}
