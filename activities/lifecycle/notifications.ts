import type { Queryable } from '../../db/knex';
import { createNotifications } from '../../services/lifecycle/notification.service';

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
  return createNotifications(db, n);
}
