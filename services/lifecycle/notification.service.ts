import { notFound } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { keysetPage, type Page } from '../keyset';

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
