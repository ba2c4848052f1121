import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db, Queryable } from '../../db/knex';
import { METRICS_SOURCE_EVENTS, enqueueTicketMetrics } from '../../services/metrics/metrics.jobs';
import { calendarInUse, recomputeTicketMetrics } from '../../services/metrics/ticket-metrics.service';
import { recomputeWorkerStats } from '../../services/metrics/worker-stats.service';
import type { DispatchedEvent } from '../webhooks/outbox-dispatch.task';

const payloadSchema = z.object({ ticketId: z.number().int().positive() });

/** Called by outbox_dispatch in its transaction: ticket events that change metrics schedule a recompute. */
export async function onMetricsEvent(trx: Queryable, event: DispatchedEvent): Promise<void> {
  if (event.entity_type === 'ticket' && (METRICS_SOURCE_EVENTS as readonly string[]).includes(event.event_type)) {
    await enqueueTicketMetrics(trx, Number(event.entity_id));
  }
}

/**
 * `ticket_metrics_recompute`: recompute from the whole history (never incrementally), so running it twice or
 * out of order stores the same figures; then refresh the stats of every worker who touched the ticket.
 */
export function createTicketMetricsTask({ db, logger }: { db: Db; logger: Logger }): Task {
  return async (rawPayload, helpers) => {
    const parsed = payloadSchema.safeParse(rawPayload);
    if (!parsed.success) {
      logger.error({ jobId: helpers.job.id, payload: rawPayload }, 'ticket_metrics_recompute job with an invalid payload dropped');
      return;
    }
    const { ticketId } = parsed.data;
    const result = await db.transaction(async (trx) => recomputeTicketMetrics(trx, ticketId, await calendarInUse(trx)));
    // Separate statements: a worker's stats row lock is held only for its own update.
    for (const workerId of result?.workerIds ?? []) await recomputeWorkerStats(db, workerId);
  };
}
