import type { Queryable } from '../../db/knex';

export type NotificationKind =
  | 'sla.warning'
  | 'sla.breach'
  | 'alert.customer_reply'
  | 'alert.assigned'
  | 'alert.reopened'
  | 'alert.low_csat'
  | 'channel';

/**
 * In-app notifications, one per worker. The key is the activity's idempotency key plus the worker, and
 * `ON CONFLICT DO NOTHING` makes a repeated insert harmless even outside `runOnce`. Returns who got one now.
 */
export async function notifyWorkers(
  db: Queryable,
  n: { idempotencyKey: string; workerIds: number[]; kind: NotificationKind; ticketId: number; payload: Record<string, unknown> },
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
  return rows.map((r) => r.worker_id);
}
