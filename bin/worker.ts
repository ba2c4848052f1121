/**
 * `npm run worker`: a Temporal worker for the ticket lifecycle (workflows and activities). Only meaningful when
 * TEMPORAL_ADDRESS is set; without it `npm start` runs the lifecycle in the embedded engine and needs no worker.
 */
import { NativeConnection, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { createLifecycleActivities } from '../activities/lifecycle/index';
import { ConfigError, loadConfig } from '../config/config';
import { createDb } from '../db/knex';
import { startPluginRuntime } from '../services/plugins/plugin-runtime';
import { createEmailSender } from '../activities/email/email-sender';
import { createCustomerChannels } from '../activities/notifications/customer-channels';
import { createBlobStorage } from '../services/storage/blob-storage.factory';
import { temporalLogger } from './temporal-logger';
import { createLifecycleWorker } from './temporal-worker';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
if (!config.temporalAddress) {
  fail(
    'npm run worker: TEMPORAL_ADDRESS is not set, so there is no Temporal cluster to serve.\n' +
      '  Set TEMPORAL_ADDRESS=host:7233 to run the lifecycle on Temporal, or use `npm start` alone (embedded engine).',
  );
}
if (!config.databaseUrl) {
  fail(
    'npm run worker: DATABASE_URL is not set. Lifecycle activities write to the platform database, and the\n' +
      '  embedded PostgreSQL of `npm start` is private to that process; point both at the same DATABASE_URL.',
  );
}

const logger = pino({ level: config.logLevel });
Runtime.install({ logger: temporalLogger(logger) });
const db = createDb(config.databaseUrl);
const connection = await NativeConnection.connect({ address: config.temporalAddress });
// Customer notifications on email tickets are sent from here when Temporal runs the lifecycle (docs/email.md).
const emailSender = createEmailSender({ db, config, logger, storage: createBlobStorage(config) });
const worker = await createLifecycleWorker({
  connection,
  namespace: config.temporalNamespace,
  taskQueue: config.temporalTaskQueue,
  activities: createLifecycleActivities({ db, config, logger, channels: createCustomerChannels({ db, config, logger, email: emailSender }) }),
});
logger.info({ address: config.temporalAddress, namespace: config.temporalNamespace, taskQueue: config.temporalTaskQueue }, 'lifecycle worker started');
// Takes over plugin supervision if no other process holds the lock (e.g. the gateway runs with LANTERN_PLUGINS_SUPERVISE=false).
const plugins = startPluginRuntime({ db, connectionString: config.databaseUrl, config, logger });
try {
  // Resolves once the SDK's own SIGINT/SIGTERM handling has drained the worker.
  await worker.run();
} finally {
  await plugins.stop();
  emailSender.close();
  await connection.close();
  await db.destroy();
}
