import type { Db } from '../../db/knex';

/** Columns that reads legitimately touch (session and key "last used" stamps); left out of content hashes. */
const VOLATILE_COLUMNS = new Set(['last_seen_at', 'last_used_at']);

/**
 * Row count and a content hash of every table of ours and graphile-worker's, plus the highest audit and
 * outbox ids: two equal snapshots mean nothing was inserted, updated or deleted in between.
 */
export async function snapshotDatabase(db: Db): Promise<Record<string, string>> {
  const columns = await db('information_schema.columns as c')
    .join('information_schema.tables as t', function joinTables() {
      this.on('t.table_schema', 'c.table_schema').andOn('t.table_name', 'c.table_name');
    })
    .whereIn('c.table_schema', ['public', 'graphile_worker'])
    .where('t.table_type', 'BASE TABLE')
    .orderBy(['c.table_schema', 'c.table_name', 'c.ordinal_position'])
    .select<{ table_schema: string; table_name: string; column_name: string }[]>('c.table_schema', 'c.table_name', 'c.column_name');
  const tables = new Map<string, string[]>();
  for (const c of columns) {
    const name = `${c.table_schema}.${c.table_name}`;
    if (!tables.has(name)) tables.set(name, []);
    if (!VOLATILE_COLUMNS.has(c.column_name)) tables.get(name)!.push(c.column_name);
  }
  const out: Record<string, string> = {};
  for (const [name, cols] of tables) {
    const list = cols.map(() => '??').join(', ');
    const [schema, table] = name.split('.') as [string, string];
    const { rows } = await db.raw(
      `SELECT count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM (SELECT ${list} FROM ??.??) x`,
      [...cols, schema, table],
    );
    out[name] = `${rows[0].n} rows, ${rows[0].h}`;
  }
  for (const table of ['audit_log', 'outbox']) {
    out[`max(${table}.id)`] = String((await db(table).max('id as id').first())?.id ?? 0);
  }
  return out;
}
