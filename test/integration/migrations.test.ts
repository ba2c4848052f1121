/**
 * Migrations on a fresh, empty database of our own: all apply, none stay pending, every `down` undoes exactly its
 * `up`, rolling back to the start leaves no project objects, and latest works again (up/down/up), with the
 * default statuses and priorities seeded exactly once.
 */
import { readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { createDb, migrationConfig, withDatabase, type Db } from '../../db/knex';
import { migrateLatest, migrateRollback, migrationStatus } from '../../db/migrate';

type Ctx = { db: Db; url: string; name: string; server: string };
const test = anyTest as TestFn<Ctx>;

const KNEX_TABLES = ['knex_migrations', 'knex_migrations_lock'];
const DEFAULT_STATUSES = ['New', 'Open', 'Pending', 'On hold', 'Solved', 'Closed'];
const DEFAULT_PRIORITIES = ['Low', 'Normal', 'High', 'Urgent'];

const migrationFiles = () =>
  readdirSync(migrationConfig.directory as string).filter((f) => /^\d{14}_.+\.ts$/.test(f)).sort();

test.before(async (t) => {
  const server = process.env.LANTERN_TEST_SERVER_URL;
  if (!server) throw new Error('Run through test/run.ts, which provides LANTERN_TEST_SERVER_URL');
  const name = `migrations_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = createDb(server, { poolMax: 1 });
  try {
    await admin.raw(`CREATE DATABASE ${name}`); // not from the template: a truly empty database
  } finally {
    await admin.destroy();
  }
  const url = withDatabase(server, name);
  t.context = { db: createDb(url, { poolMax: 2 }), url, name, server };
});

test.after.always(async (t) => {
  if (!t.context.db) return;
  await t.context.db.destroy();
  const admin = createDb(t.context.server, { poolMax: 1 });
  await admin.raw(`DROP DATABASE IF EXISTS ${t.context.name} WITH (FORCE)`);
  await admin.destroy();
});

/** Every object a migration could leave behind in the public schema, as comparable text. */
async function schemaObjects(db: Db): Promise<string[]> {
  const { rows } = await db.raw(`
    SELECT 'table ' || table_name AS o FROM information_schema.tables WHERE table_schema = 'public'
    UNION ALL SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL SELECT 'sequence ' || sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'
    UNION ALL SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
        AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)
    UNION ALL SELECT 'view ' || table_name FROM information_schema.views WHERE table_schema = 'public'
  `);
  return (rows as { o: string }[]).map((r) => r.o).sort();
}

const projectTables = async (db: Db) =>
  (await db('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name')).filter((n: string) => !KNEX_TABLES.includes(n)).sort();

async function assertSeededOnce(t: { deepEqual: (a: unknown, b: unknown, m?: string) => void; is: (a: unknown, b: unknown, m?: string) => void }, db: Db) {
  t.deepEqual((await db('statuses').orderBy('position').pluck('name')).map(String), DEFAULT_STATUSES, 'default statuses, once each');
  t.deepEqual((await db('priorities').orderBy('rank').pluck('name')).map(String), DEFAULT_PRIORITIES, 'default priorities, once each');
  t.is(Number((await db('statuses').where({ is_default: true }).count({ n: '*' }))[0]!.n), 1, 'one default status');
  t.is(Number((await db('priorities').where({ is_default: true }).count({ n: '*' }))[0]!.n), 1, 'one default priority');
}

test.serial('latest applies every migration on an empty database and seeds the defaults once', async (t) => {
  const { db, url } = t.context;
  t.deepEqual(await projectTables(db), [], 'the database starts empty');
  const files = migrationFiles();
  t.true(files.length >= 2);
  const applied = await migrateLatest(db, url);
  t.deepEqual(applied, files, 'every migration file ran, in file-name order');
  const status = await migrationStatus(db);
  t.deepEqual(status.pending, [], 'nothing pending');
  t.deepEqual(status.completed, files);
  for (const table of ['tickets', 'conversation_entries', 'audit_log', 'outbox', 'api_keys', 'webhooks', 'statuses', 'priorities']) {
    t.true(await db.schema.hasTable(table), table);
  }
  const objects = await schemaObjects(db);
  for (const o of ['table tickets', 'sequence ticket_number_seq', 'function forbid_entry_update', 'trigger conversation_entries conversation_entries_append_only']) {
    t.true(objects.includes(o), `the schema snapshot sees ${o}`);
  }
  t.true(objects.some((o) => o.startsWith('index tickets_subject_trgm ')), 'the schema snapshot sees indexes');
  await assertSeededOnce(t, db);
  t.deepEqual(await migrateLatest(db, url), [], 'a second latest is a no-op');
  await assertSeededOnce(t, db);
});

test.serial('rolling back to the start leaves no project tables, sequences, functions or types', async (t) => {
  const { db } = t.context;
  const rolled: string[] = [];
  for (let i = 0; i < 100; i++) {
    const batch = await migrateRollback(db);
    if (batch.length === 0) break;
    rolled.push(...batch);
  }
  t.deepEqual([...rolled].sort(), migrationFiles(), 'every migration was rolled back');
  t.deepEqual((await migrationStatus(db)).completed, []);
  t.deepEqual(await projectTables(db), [], 'no project tables remain');
  const leftovers = (await schemaObjects(db)).filter((o) => !KNEX_TABLES.some((k) => o.includes(`${k}`)));
  t.deepEqual(leftovers, [], 'no sequences, functions, triggers, types or views remain');
});

test.serial('up/down/up: each migration\'s down undoes exactly its up, and latest works again', async (t) => {
  const { db, url } = t.context;
  for (const file of migrationFiles()) {
    const before = await schemaObjects(db);
    const [, up] = (await db.migrate.up(migrationConfig)) as [number, string[]];
    t.deepEqual(up, [file], `${file} applies alone`);
    const after = await schemaObjects(db);
    const [, down] = (await db.migrate.down(migrationConfig)) as [number, string[]];
    t.deepEqual(down, [file]);
    t.deepEqual(await schemaObjects(db), before, `${file}: down restores the schema as it was before up`);
    await db.migrate.up(migrationConfig);
    t.deepEqual(await schemaObjects(db), after, `${file}: up again gives the same schema`);
  }
  t.deepEqual(await migrateLatest(db, url), [], 'everything is applied');
  t.deepEqual((await migrationStatus(db)).pending, []);
  await assertSeededOnce(t, db);
});
