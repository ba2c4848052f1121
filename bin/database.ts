import { join } from 'node:path';
import type { Config } from '../config/config';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { createDb, withDatabase, type Db } from '../db/knex';

export type Database = { db: Db; url: string; stop: () => Promise<void> };

/** DATABASE_URL when set, else the embedded server with a `lantern` database; the rest of the code cannot tell. */
export async function openDatabase(config: Config, log: (msg: string) => void): Promise<Database> {
  if (config.databaseUrl) {
    const db = createDb(config.databaseUrl);
    return { db, url: config.databaseUrl, stop: () => db.destroy() };
  }
  log(`starting embedded PostgreSQL (data in ${join(config.dataDir, 'postgres')})`);
  const server = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort });
  const admin = createDb(server.url, { poolMax: 1 });
  const exists = await admin('pg_database').where({ datname: 'lantern' }).first();
  if (!exists) await admin.raw('CREATE DATABASE lantern');
  await admin.destroy();
  const url = withDatabase(server.url, 'lantern');
  const db = createDb(url);
  return {
    db,
    url,
    stop: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}
