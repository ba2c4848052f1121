import type { Db } from '../../db/knex';
import type { SearchEngine } from './search-engine';
import { loadTicketDocuments } from './ticket-document';
import { TICKET_INDEX } from './ticket-index.settings';

/**
 * Bring these tickets' documents up to date: upsert the ones that exist, remove the deleted ones. Serialized per
 * ticket by an advisory lock held until the engine has applied the write, so two jobs for the same ticket (one
 * running, one queued behind it by job_key) can never leave the older snapshot in the index.
 */
export async function indexTickets(db: Db, engine: SearchEngine, ticketIds: number[], index = TICKET_INDEX): Promise<void> {
  const ids = [...new Set(ticketIds)].sort((a, b) => a - b);
  if (!ids.length) return;
  await db.transaction(async (trx) => {
    // Sorted, so two multi-ticket runs take the locks in the same order.
    for (const id of ids) await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('search_index'), ?::int)`, [id % 2_147_483_647]);
    const docs = await loadTicketDocuments(trx, ids);
    const found = new Set(docs.map((d) => d.id));
    await engine.upsert(index, docs);
    await engine.remove(index, ids.filter((id) => !found.has(id)));
  });
}

/** Every ticket of one requester, in pages (requester name/email changed). */
export async function indexCustomerTickets(db: Db, engine: SearchEngine, customerId: number, index = TICKET_INDEX): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await db('tickets').where('requester_id', customerId).where('id', '>', after).orderBy('id').limit(500).pluck('id');
    if (!rows.length) return;
    await indexTickets(db, engine, rows.map(Number), index);
    after = Number(rows.at(-1));
  }
}
