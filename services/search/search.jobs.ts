import type { Queryable } from '../../db/knex';

/** graphile-worker task that brings one ticket (or every ticket of one customer) up to date in the search index. */
export const SEARCH_INDEX_TASK = 'search_index';

export type SearchIndexPayload = { ticketId: number } | { customerId: number };

/**
 * One waiting job per ticket (job_key): a burst of changes is indexed once. The job reads the ticket as it is
 * when it runs, so order does not matter and a retry after an outage indexes the latest state.
 */
export async function enqueueTicketIndex(db: Queryable, ticketId: number): Promise<void> {
  await db.raw(`SELECT graphile_worker.add_job(?, json_build_object('ticketId', ?::bigint), job_key => ?, max_attempts => 25)`, [
    SEARCH_INDEX_TASK, ticketId, `search_index:ticket:${ticketId}`,
  ]);
}

/** A customer's name or email changed: their tickets' requester fields are re-indexed. */
export async function enqueueCustomerIndex(db: Queryable, customerId: number): Promise<void> {
  await db.raw(`SELECT graphile_worker.add_job(?, json_build_object('customerId', ?::bigint), job_key => ?, max_attempts => 25)`, [
    SEARCH_INDEX_TASK, customerId, `search_index:customer:${customerId}`,
  ]);
}
