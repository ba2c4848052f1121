import { Logger, runMigrations } from 'graphile-worker';
import { migrationConfig, type Db } from './knex';

const silentLogger = new Logger(() => () => {});

/** Bring the schema up to date: our knex migrations, then graphile-worker's own schema. */
export async function migrateLatest(db: Db, connectionString: string): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
  await runMigrations({ connectionString, logger: silentLogger });
  return applied;
}

export async function migrateRollback(db: Db): Promise<string[]> {
  const [, rolled] = (await db.migrate.rollback(migrationConfig)) as [number, string[]];
  return rolled;
}

export async function migrationStatus(db: Db): Promise<{ completed: string[]; pending: string[] }> {
  const [completed, pending] = (await db.migrate.list(migrationConfig)) as [Array<{ name: string }>, Array<{ file: string }>];
  return { completed: completed.map((m) => m.name), pending: pending.map((m) => m.file) };
}
