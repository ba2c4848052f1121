import type { Queryable } from '../../db/knex';
import { enqueueEmailSend } from '../email/email.jobs';

/**
 * Email copies of in-app notifications for workers who opted in (GET/PUT /me/alert-settings): one
 * `outbound_messages` row (kind `worker_alert`) per notification and worker, keyed on the notification's own
 * idempotency key, with its `email_send` job, in the caller's transaction. A retried activity that re-inserts
 * the notification re-queues nothing. Notifications without a ticket are not emailed (every kind has one today).
 */
export async function queueWorkerAlertEmails(
  db: Queryable,
  n: { idempotencyKey: string; workerIds: number[]; kind: string; ticketId: number | null; payload: Record<string, unknown> },
): Promise<number[]> {
  if (!n.workerIds.length || n.ticketId === null) return [];
  const optedIn = await db('worker_alert_settings as s').join('workers as w', 'w.id', 's.worker_id')
    .whereIn('s.worker_id', n.workerIds).where({ 's.email': true, 'w.active': true }).whereRaw('? = ANY(s.kinds)', [n.kind])
    .pluck('s.worker_id') as number[];
  const queued: number[] = [];
  for (const workerId of optedIn.map(Number)) {
    const key = `worker-alert:${n.idempotencyKey}|worker:${workerId}`;
    const [row] = await db('outbound_messages')
      .insert({
        ticket_id: n.ticketId, channel: 'email', kind: 'worker_alert', template: 'worker_alert', idempotency_key: key,
        payload: JSON.stringify({ workerId, kind: n.kind, notification: n.payload }),
      })
      .onConflict('idempotency_key').ignore().returning<{ id: number }[]>('id');
    if (!row) continue;
    await enqueueEmailSend(db, row.id);
    queued.push(row.id);
  }
  return queued;
}
