import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db, Queryable } from '../../db/knex';
import type { SearchEngine } from '../../services/search/search-engine';
import { enqueueCustomerIndex, enqueueTicketIndex } from '../../services/search/search.jobs';
import { indexCustomerTickets, indexTickets } from '../../services/search/ticket-indexer';
import type { DispatchedEvent } from '../webhooks/outbox-dispatch.task';

const payloadSchema = z.union([
  z.object({ ticketId: z.number().int().positive() }),
  z.object({ customerId: z.number().int().positive() }),
]);

/**
 * Called by outbox_dispatch in its transaction: every ticket event (created, updated, entries, notes, merges,
 * deletion) queues the ticket for indexing; a customer update queues their tickets. The job is committed with the
 * dispatch, so no change is lost while the engine is down: the job fails and graphile-worker retries it.
 */
export async function onSearchOutboxEvent(trx: Queryable, event: DispatchedEvent): Promise<void> {
  if (event.entity_type === 'ticket') await enqueueTicketIndex(trx, Number(event.entity_id));
  else if (event.event_type === 'customer.updated') await enqueueCustomerIndex(trx, Number(event.entity_id));
}

/** `search_index`: upsert or remove the ticket's document; an unreachable engine throws, so the job is retried. */
export function createSearchIndexTask({ db, logger, search }: { db: Db; logger: Logger; search: SearchEngine }): Task {
  return async (rawPayload, helpers) => {
    const parsed = payloadSchema.safeParse(rawPayload);
    if (!parsed.success) {
      logger.error({ jobId: helpers.job.id, payload: rawPayload }, 'search_index job with an invalid payload dropped');
      return;
    }
    const payload = parsed.data;
    try {
      if ('ticketId' in payload) await indexTickets(db, search, [payload.ticketId]);
      else await indexCustomerTickets(db, search, payload.customerId);
    } catch (err) {
      logger.warn({ err, jobId: helpers.job.id, attempt: helpers.job.attempts, ...payload }, 'search indexing failed; will retry');
      throw err;
    }
  };
}
