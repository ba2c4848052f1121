import type { Knex } from 'knex';

/**
 * Queue indexes found missing by `npm run bench:queue` (1M tickets; bench/README.md has the figures).
 * On a large live database build them with CREATE INDEX CONCURRENTLY by hand before deploying; this migration
 * then only records them (IF NOT EXISTS).
 */
export async function up(knex: Knex): Promise<void> {
  // "All my tickets, recently updated": without it PostgreSQL walked tickets_updated discarding ~10,000 other
  // agents' rows per page (p95 25-35 ms) or fetched and sorted all ~4,000 of the agent's tickets (~37 ms).
  await knex.raw('CREATE INDEX IF NOT EXISTS tickets_assignee_updated ON tickets (assignee_id, updated_at DESC, id DESC)');
  // "Open tickets tagged X": the tags GIN index alone returns every ticket with the tag (92% of them closed),
  // which are then fetched and filtered. A two-column GIN (btree_gin makes the text column indexable) intersects
  // the status and tag posting lists, so only matching rows are read: a rare tag went from ~30 ms to ~3 ms.
  await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gin');
  await knex.raw('CREATE INDEX IF NOT EXISTS tickets_status_tags ON tickets USING gin (status_category, tags)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS tickets_status_tags');
  await knex.raw('DROP INDEX IF EXISTS tickets_assignee_updated');
  // btree_gin stays: other indexes may have come to rely on it, and an unused extension costs nothing.
}
