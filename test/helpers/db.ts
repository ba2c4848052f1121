import { randomBytes } from 'node:crypto';
import { createDb, withDatabase, type Db } from '../../db/knex';

export type TestDatabase = { db: Db; url: string; drop: () => Promise<void> };

function serverUrl(): string {
  const url = process.env.LANTERN_TEST_SERVER_URL;
  if (!url) throw new Error('Run tests through `npm test` (test/run.ts), which provides LANTERN_TEST_SERVER_URL');
  return url;
}

/** A fresh, migrated database for one test file, cloned from the template test/run.ts prepared. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = createDb(serverUrl(), { poolMax: 1 });
  try {
    await admin.raw(`CREATE DATABASE ${name} TEMPLATE ${process.env.LANTERN_TEST_TEMPLATE ?? 'lantern_test_template'}`);
  } finally {
    await admin.destroy();
  }
  const url = withDatabase(serverUrl(), name);
  const db = createDb(url, { poolMax: 10 });
  return {
    db,
    url,
    drop: async () => {
      await db.destroy();
      const a = createDb(serverUrl(), { poolMax: 1 });
      await a.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.destroy();
    },
  };
}

/** Row count of a query. */
export async function count(q: { count: (arg: { n: string }) => PromiseLike<Array<{ n: unknown }>> }): Promise<number> {
  const [row] = await q.count({ n: '*' });
  return Number(row?.n ?? 0);
}
