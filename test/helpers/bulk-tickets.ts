import type { Db } from '../../db/knex';

/**
 * Many tickets at once, straight into the database with one INSERT … SELECT over generate_series (10,000 rows in
 * well under a second): open, unrouted (so every agent sees them), one requester, updated a minute apart so the
 * newest is ticket n. For queue/UI scale tests; no conversation, history or lifecycle rows.
 */
export async function insertManyTickets(db: Db, opts: { count: number; subjectPrefix: string }): Promise<{ requesterId: number }> {
  const [customer] = await db('customers').insert({ name: 'Bulk Requester', email: `bulk-${Date.now()}@test.local` }).returning('id');
  const status = await db('statuses').where({ category: 'open' }).orderBy('id').first('id');
  const priority = await db('priorities').orderBy('rank').first('id', 'rank');
  await db.raw(
    `INSERT INTO tickets (subject, requester_id, status_id, status_category, priority_id, priority_rank, tags, channel, created_at, updated_at, status_changed_at)
     SELECT ? || ' ' || g, ?, ?, 'open', ?, ?, '{}', 'email', now() - (? - g + 60) * interval '1 minute', now() - (? - g + 60) * interval '1 minute', now()
     FROM generate_series(1, ?) AS g`,
    [opts.subjectPrefix, customer.id, status.id, priority.id, priority.rank, opts.count, opts.count, opts.count],
  );
  await db.raw('ANALYZE tickets');
  return { requesterId: customer.id };
}
