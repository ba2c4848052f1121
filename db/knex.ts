import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { parse as parseArray } from 'postgres-array';

// int8 ids and counts fit in a JS number for any realistic deployment; numeric stays string.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
const INT8_ARRAY = 1016 as Parameters<typeof pg.types.setTypeParser>[0]; // int8[] (not in pg's builtins enum)
pg.types.setTypeParser(INT8_ARRAY, (v) => parseArray(v, Number));

export type Db = Knex;
export type Tx = Knex.Transaction;
/** Anything that can run queries: the pool or an open transaction. */
export type Queryable = Knex | Knex.Transaction;

export function createDb(url: string, opts: { poolMax?: number } = {}): Db {
  return knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: opts.poolMax ?? 20 },
    migrations: migrationConfig,
  });
}

export const migrationConfig: Knex.MigratorConfig = {
  directory: new URL('./migrations', import.meta.url).pathname,
  loadExtensions: ['.ts'],
  tableName: 'knex_migrations',
};

/** Replace the database name in a connection URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
