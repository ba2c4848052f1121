/**
 * Child process of test/integration/lifecycle-crash.test.ts: the embedded engine's job runner (real clock, fixture
 * activities, notify_team_lead slow) over the test database, until SIGKILLed or SIGTERMed. Prints one JSON line
 * `{ "ready": true, "workerIds": [...] }` once it takes jobs.
 */
import { startJobRunner } from '../../activities/job-runner';
import { createDb } from '../../db/knex';
import { createEmbeddedEngine } from '../../services/lifecycle/embedded-engine';
import { fixedPolicySource } from '../../services/lifecycle/fixed-policy-source';
import {
  AROUND_THE_CLOCK_POLICY, lifecycleTaskList, recordingActivities, silentJobsLogger, silentLogger,
} from './lifecycle-fixtures';

const url = process.env.LIFECYCLE_CHILD_DB_URL;
if (!url) throw new Error('LIFECYCLE_CHILD_DB_URL is required');
const slowMs = Number(process.env.LIFECYCLE_CHILD_SLOW_MS ?? '0');

const db = createDb(url, { poolMax: 8 });
const engine = createEmbeddedEngine({ db, policies: fixedPolicySource(AROUND_THE_CLOCK_POLICY) });
const activities = recordingActivities(db, { delayMs: (name) => (name === 'notify_team_lead' ? slowMs : 0) });
const jobs = await startJobRunner({
  db,
  connectionString: url,
  taskList: lifecycleTaskList(db, engine, activities),
  logger: silentLogger,
  jobsLogger: silentJobsLogger,
  concurrency: 4,
  pollInterval: 100,
  heartbeatMs: 200,
  staleAfterMs: 1_500,
});
process.stdout.write(`${JSON.stringify({ ready: true, workerIds: jobs.workerIds() })}\n`);

process.once('SIGTERM', () => {
  void jobs.stop().then(() => db.destroy()).then(() => process.exit(0));
});
