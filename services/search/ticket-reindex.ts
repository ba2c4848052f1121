import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import type { SearchEngine } from './search-engine';
import { loadTicketDocumentPage } from './ticket-document';
import { TICKET_INDEX, TICKET_INDEX_SETTINGS, TICKET_REINDEX_INDEX } from './ticket-index.settings';
import { indexCustomerTickets, indexTickets } from './ticket-indexer';

export type ReindexProgress = { done: number; total: number };

/**
 * Changes whose transactions began this long before the reindex started may commit after it read their ticket;
 * their outbox events are replayed onto the new index after the swap.
 */
const CATCH_UP_MARGIN = '5 minutes';

/**
 * Rebuild the ticket index from PostgreSQL: fill a fresh index in keyset batches, swap it with the live one
 * (searches keep hitting the complete old index until the atomic swap), drop the old one, then replay the outbox
 * events that happened meanwhile so changes indexed into the old index during the rebuild are not lost.
 */
export async function reindexTickets({ db, engine, batchSize = 1000, onProgress }: {
  db: Db;
  engine: SearchEngine;
  batchSize?: number;
  onProgress?: (p: ReindexProgress) => void;
}): Promise<{ indexed: number; caughtUp: number }> {
  const { rows: [clock] } = await db.raw<{ rows: { since: Date }[] }>(`SELECT now() - interval '${CATCH_UP_MARGIN}' AS since`);
  const total = Number((await db('tickets').count<{ n: string }[]>('* as n').first())?.n ?? 0);
  // A leftover from an interrupted run would mix in stale documents.
  await engine.deleteIndex(TICKET_REINDEX_INDEX).catch(() => undefined);
  await engine.ensureIndex(TICKET_REINDEX_INDEX, TICKET_INDEX_SETTINGS);
  let done = 0;
  let after = 0;
  onProgress?.({ done, total });
  for (;;) {
    const docs = await loadTicketDocumentPage(db, after, batchSize);
    if (!docs.length) break;
    await engine.upsert(TICKET_REINDEX_INDEX, docs);
    done += docs.length;
    after = docs.at(-1)!.id;
    onProgress?.({ done, total: Math.max(total, done) });
  }
  await engine.ensureIndex(TICKET_INDEX, TICKET_INDEX_SETTINGS);
  await engine.swap(TICKET_INDEX, TICKET_REINDEX_INDEX);
  await engine.deleteIndex(TICKET_REINDEX_INDEX);

  const since = clock!.since;
  const ticketIds = (await db('outbox').where('entity_type', 'ticket').where('occurred_at', '>=', since).distinct('entity_id').pluck('entity_id')).map(Number);
  for (let i = 0; i < ticketIds.length; i += batchSize) await indexTickets(db, engine, ticketIds.slice(i, i + batchSize));
  const customerIds = (await db('outbox').where('event_type', 'customer.updated').where('occurred_at', '>=', since).distinct('entity_id').pluck('entity_id')).map(Number);
  for (const id of customerIds) await indexCustomerTickets(db, engine, id);
  return { indexed: done, caughtUp: ticketIds.length };
}

/**
 * First start with search (a fresh embedded index, or an existing database upgraded to a search-enabled
 * version): tickets exist but the index is empty, so build it in the background. Later changes arrive through
 * the outbox; after that only `npm run reindex` rebuilds.
 */
export async function bootstrapTicketIndex({ db, engine, logger }: { db: Db; engine: SearchEngine; logger: Logger }): Promise<void> {
  try {
    if ((await engine.documentCount(TICKET_INDEX)) > 0) return;
    if (!(await db('tickets').first('id'))) return;
    logger.info('ticket search index is empty: building it from the database');
    const { indexed } = await reindexTickets({ db, engine });
    logger.info({ indexed }, 'ticket search index built');
  } catch (err) {
    logger.warn({ err }, 'could not build the ticket search index at start; run `npm run reindex`');
  }
}
