import type { EventType } from '../../core/ticket';
import type { Queryable } from '../../db/knex';

/** graphile-worker task that recomputes a ticket's metrics and its workers' stats (activities/metrics/). */
export const TICKET_METRICS_TASK = 'ticket_metrics_recompute';

/**
 * Ticket events after which metrics may differ: history (messages, status) and the report dimensions and
 * worker attribution (team, channel, priority, tags, assignee; notes make a worker a participant).
 */
export const METRICS_SOURCE_EVENTS: readonly EventType[] = [
  'ticket.created', 'message.created', 'status.changed', 'ticket.updated', 'assignee.changed', 'note.created',
];

/** One waiting job per ticket (job_key): a burst of changes is recomputed once. */
export async function enqueueTicketMetrics(db: Queryable, ticketId: number): Promise<void> {
  await db.raw(`SELECT graphile_worker.add_job(?, json_build_object('ticketId', ?::bigint), job_key => ?, max_attempts => 25)`, [
    TICKET_METRICS_TASK, ticketId, `ticket_metrics:${ticketId}`,
  ]);
}
