/**
 * `npm start`: the single-machine platform. Embedded PostgreSQL unless DATABASE_URL is set, migrations,
 * demo workspace, background jobs, and the HTTP gateway in one process.
 */
import pino from 'pino';
import { startJobRunner } from '../activities/job-runner';
import { createLifecycleActivities } from '../activities/lifecycle/index';
import { createTaskList } from '../activities/tasks';
import { ConfigError, loadConfig } from '../config/config';
import { migrateLatest } from '../db/migrate';
import { createApp } from '../gateway/app';
import { scheduleRoutingSweep } from '../services/routing/routing.jobs';
import { createLifecycleEngine } from '../services/lifecycle/engine-factory';
import { createPolicySource } from '../services/lifecycle/policy-source';
import { ensureAdmin, seedDemoWorkspace } from '../services/seed/demo-seed';
import { createBlobStorage } from '../services/storage/blob-storage.factory';
import { createEmailChannel } from '../activities/email/email-runtime';
import { createCustomerChannels } from '../activities/notifications/customer-channels';
import { startPluginRuntime } from '../services/plugins/plugin-runtime';
import { startSearch } from '../services/search/search-runtime';
import { EmbeddedMeiliUnavailable } from '../services/search/meili-embedded';
import { bootstrapTicketIndex } from '../services/search/ticket-reindex';
import { bootstrapKbIndex } from '../services/kb/kb-reindex';
import { graphileLogger } from './graphile-logger';
import { openDatabase } from './database';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
const logger = pino({ level: config.logLevel });
const database = await openDatabase(config, (m) => logger.info(m));
await migrateLatest(database.db, database.url);
const admin = await ensureAdmin(database.db, { email: config.seed.adminEmail, password: config.seed.adminPassword, dataDir: config.dataDir });
const demo = config.seed.demo ? await seedDemoWorkspace(database.db) : { seeded: false };

// Embedded engine unless TEMPORAL_ADDRESS is set; either way the gateway only sees the engine port.
const engine = await createLifecycleEngine(config, { db: database.db, policies: createPolicySource(database.db) });
const storage = createBlobStorage(config);
// Meilisearch (docs/search.md): MEILI_HOST, else the embedded binary under the data directory.
const search = await startSearch({ config, logger }).catch(async (err: unknown) => {
  if (!(err instanceof EmbeddedMeiliUnavailable)) throw err;
  console.error(err.message);
  await database.stop();
  process.exit(1);
});
// Email channel (docs/email.md): its sender delivers replies and notifications; inbound starts after the app.
const email = createEmailChannel({ db: database.db, config, logger, storage });
const jobs = await startJobRunner({
  db: database.db,
  connectionString: database.url,
  concurrency: config.workerConcurrency,
  taskList: createTaskList({
    db: database.db,
    config,
    logger,
    engine,
    emailSender: email.sender,
    search: search.engine,
    // The embedded engine runs its timers and activities here; with Temporal its workers (npm run worker) do.
    ...(engine.kind === 'embedded' && { lifecycle: { engine, activities: createLifecycleActivities({ db: database.db, config, logger, channels: createCustomerChannels({ db: database.db, config, logger, email: email.sender }) }) } }),
  }),
  logger,
  jobsLogger: graphileLogger(logger),
});
// An empty ticket index with tickets in the database (first start with search) is built in the background.
void bootstrapTicketIndex({ db: database.db, engine: search.engine, logger });
void bootstrapKbIndex({ db: database.db, engine: search.engine, logger });
// The routing sweep reschedules itself; this only starts the loop (an already scheduled sweep keeps its time).
await scheduleRoutingSweep(database.db, { lastRunAt: null }, new Date(), 'preserve_run_at');

// Plugin host + supervisor: whichever process holds the advisory lock runs them (see services/plugins/plugin-runtime.ts).
const plugins = startPluginRuntime({ db: database.db, connectionString: database.url, config, logger });
const app = createApp({ db: database.db, config, logger, storage, engine, search: search.engine });
const server = app.listen(config.http.port, config.http.host);
await new Promise<void>((resolve) => server.once('listening', resolve));
await email.startInbound();
const url = config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}`;
console.log(`
  Lantern is running at ${url}
  API docs:  ${url}/api/v1/docs
  Portal:    ${url}/portal   Help center: ${url}/help   Widget: ${url}/admin/widget
  Admin:     ${admin.email} / ${admin.password ?? `(password in ${admin.passwordFile})`}${
    demo.seeded ? `\n  Agent:     ${demo.agentEmail} / ${demo.agentPassword}\n  Customer:  ${demo.customerEmail} / ${demo.customerPassword} (portal)` : ''
  }
`);

let stopping = false;
/** Stop in dependency order; a step failing (e.g. the database already gone) must not stop the others. */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const step = async (name: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      logger.warn({ err, step: name }, 'shutdown step failed');
    }
  };
  await step('http', () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeIdleConnections(); }));
  await step('email', () => email.stop());
  await step('plugins', () => plugins.stop());
  await step('jobs', () => jobs.stop());
  await step('search', () => search.stop());
  if (engine.kind === 'temporal') await step('temporal', () => engine.close());
  await step('database', () => database.stop());
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
