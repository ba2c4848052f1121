import type { Knex } from 'knex';

/**
 * Queue indexes found missing by `npm run bench:queue` (1M tickets): "all my tickets, recently updated" had no
 * index in its sort order, so PostgreSQL walked tickets_updated and threw away ~10,000 other agents' rows per
 * page (p95 25-35 ms), or fetched and sorted all ~4,000 of the agent's tickets (~37 ms). With this index the
 * page is one range scan (< 1 ms). On a large live database build it with CREATE INDEX CONCURRENTLY by hand
 * before deploying; this migration then only records it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX IF NOT EXISTS tickets_assignee_updated ON tickets (assignee_id, updated_at DESC, id DESC)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS tickets_assignee_updated');
}
