/**
 * Crash safety of the embedded engine: a child process runs the job runner (engine tasks + fixture activities) over
 * the test database; it is SIGKILLed while timers are pending and a slow activity is mid-flight, a new child takes
 * over, and every timer fires exactly once and every activity completes exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { TicketOpened } from '../../core/lifecycle/events';
import { timerFiredEventId } from '../../core/lifecycle/events';
import { ev } from '../../core/lifecycle/scenario-kit';
import { createEmbeddedEngine } from '../../services/lifecycle/embedded-engine';
import { fixedPolicySource } from '../../services/lifecycle/fixed-policy-source';
import { recoverStaleJobWorkers, registerJobWorker } from '../../services/job-worker.registry';
import { LIFECYCLE_ACTIVITY_TASK, LIFECYCLE_TIMER_TASK, timerJobKey } from '../../services/lifecycle/lifecycle.jobs';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { AROUND_THE_CLOCK_POLICY, createTicketRows, installActivityFixtureTables } from '../helpers/lifecycle-fixtures';

const test = anyTest as TestFn<unknown>;

const CHILD = new URL('../helpers/lifecycle-engine-child.ts', import.meta.url).pathname;
const SLOW_MS = 2_500;
const TICKETS = 16;
const MINUTE = 60_000;

async function database(t: ExecutionContext): Promise<TestDatabase> {
  const tdb = await createTestDatabase();
  t.teardown(tdb.drop);
  await installActivityFixtureTables(tdb.db);
  return tdb;
}

type Child = { proc: ChildProcess; workerIds: string[]; exited: Promise<number | null> };

async function spawnChild(t: ExecutionContext, dbUrl: string): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, LIFECYCLE_CHILD_DB_URL: dbUrl, LIFECYCLE_CHILD_SLOW_MS: String(SLOW_MS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  t.teardown(() => { if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL'); });
  const lines = createInterface({ input: proc.stdout! });
  const ready = await Promise.race([
    new Promise<{ workerIds: string[] }>((resolve) => lines.once('line', (line) => resolve(JSON.parse(line) as { workerIds: string[] }))),
    exited.then((code) => { throw new Error(`child exited (${code}) before it was ready:\n${stderr}`); }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`child not ready after 20 s:\n${stderr}`)), 20_000)),
  ]);
  return { proc, workerIds: ready.workerIds, exited };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const countRows = async (q: PromiseLike<Array<Record<string, unknown>>>) => Number((await q)[0]!.n);

test('recovery releases the jobs of pools whose heartbeat went stale, gives the interrupted attempt back, and leaves live pools alone', async (t) => {
  const tdb = await database(t);
  const { db } = tdb;
  await registerJobWorker(db, 'pool-dead', { hostname: 'h', pid: 1 });
  await registerJobWorker(db, 'pool-alive', { hostname: 'h', pid: 2 });
  await db('job_worker_heartbeats').where({ worker_id: 'pool-dead' }).update({ heartbeat_at: db.raw("now() - interval '5 minutes'") });
  const add = async (key: string) => (await db.raw(`SELECT (graphile_worker.add_job('noop', '{}'::json, job_key => ?, max_attempts => 3)).id`, [key])).rows[0].id as number;
  const dead = await add('dead-job');
  const alive = await add('alive-job');
  // As graphile-worker leaves a job its pool was running on the last attempt.
  await db.raw(`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'pool-dead', attempts = 3 WHERE id = ?`, [dead]);
  await db.raw(`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'pool-alive', attempts = 1 WHERE id = ?`, [alive]);

  const recovered = await recoverStaleJobWorkers(db, 60_000);
  t.deepEqual(recovered, { workerIds: ['pool-dead'], jobIds: [dead] });
  const jobs = (await db.raw('SELECT id, locked_by, attempts FROM graphile_worker.jobs ORDER BY id')).rows;
  t.deepEqual(jobs, [{ id: dead, locked_by: null, attempts: 2 }, { id: alive, locked_by: 'pool-alive', attempts: 1 }]);
  t.deepEqual(await db('job_worker_heartbeats').pluck('worker_id'), ['pool-alive']);
  t.deepEqual(await recoverStaleJobWorkers(db, 60_000), { workerIds: [], jobIds: [] }, 'a second sweep finds nothing');
});

test('SIGKILL with timers pending and activities in flight: after a restart every timer fires once and every activity completes once', async (t) => {
  const tdb = await database(t);
  const { db } = tdb;
  const ticketIds = await createTicketRows(db, TICKETS);
  const engine = createEmbeddedEngine({ db, policies: fixedPolicySource(AROUND_THE_CLOCK_POLICY) });
  const first = await spawnChild(t, tdb.url);

  // Opened an hour (minus a little) ago on a 60-minute around-the-clock target: the warning (at 30 min) is overdue
  // now and the breach comes due 1.5 s … 7.5 s from now, one ticket every 400 ms. Resolution timers stay pending.
  const now = Date.now();
  const plan = ticketIds.map((ticketId, k) => {
    const breachAt = now + 1_500 + k * 400;
    const openedAt = breachAt - 60 * MINUTE;
    return { ticketId, openedAt, warningAt: openedAt + 30 * MINUTE, breachAt };
  });
  for (const p of plan) {
    await engine.start(p.ticketId, ev.opened(`open-${p.ticketId}`, new Date(p.openedAt).toISOString(), { id: String(p.ticketId) }) as TicketOpened);
  }

  // Kill while a slow activity runs and breach timers are still in the future.
  const inFlight = await waitFor('a slow activity in flight', async () => {
    const { rows } = await db.raw<{ rows: Array<{ idempotency_key: string }> }>(
      `SELECT c.idempotency_key FROM test_lifecycle_activity_calls c
        WHERE c.name = 'notify_team_lead'
          AND NOT EXISTS (SELECT 1 FROM test_lifecycle_activity_effects e WHERE e.idempotency_key = c.idempotency_key)`,
    );
    return rows.length > 0 && rows;
  }, 20_000);
  first.proc.kill('SIGKILL');
  await first.exited;
  const killedAt = Date.now();

  const { rows: lockedAtKill } = await db.raw<{ rows: Array<{ id: number; task_identifier: string }> }>(
    'SELECT id, task_identifier FROM graphile_worker.jobs WHERE locked_by = ANY(?::text[])',
    [first.workerIds],
  );
  t.true(lockedAtKill.some((j) => j.task_identifier === LIFECYCLE_ACTIVITY_TASK), 'the dead pool left activity jobs locked');
  const pendingBreaches = await countRows(db.raw(
    `SELECT count(*) AS n FROM graphile_worker.jobs WHERE key LIKE '%sla.first_response.breach' AND run_at > now()`,
  ).then((r: { rows: Array<Record<string, unknown>> }) => r.rows));
  t.true(pendingBreaches > 0, 'breach timers were still pending at the kill');
  const firedAtKill = await countRows(db('lifecycle_history').where({ event_type: 'timer_fired' }).count({ n: '*' }));
  t.log(`at the kill: ${inFlight.length} slow activities in flight, ${lockedAtKill.length} jobs locked, ${pendingBreaches} breach timers pending, ${firedAtKill} timers fired`);

  // Let more timers come due while nothing runs, then restart.
  await new Promise((r) => setTimeout(r, 1_000));
  const second = await spawnChild(t, tdb.url);
  const expectedRuns = TICKETS * 4; // warning: notify_assignee; breach: notify_team_lead, raise_priority, add_tag
  await waitFor('every timer fired and every activity finished', async () => {
    const fired = await countRows(db('lifecycle_history').where({ event_type: 'timer_fired' }).count({ n: '*' }));
    const done = await countRows(db('lifecycle_activity_runs').where({ status: 'succeeded' }).count({ n: '*' }));
    const results = await countRows(db('lifecycle_history').where({ event_type: 'activity_result' }).count({ n: '*' }));
    return fired >= TICKETS * 2 && done >= expectedRuns && results >= expectedRuns;
  }, 40_000);
  t.log(`recovered ${Date.now() - killedAt} ms after the kill`);
  // A moment more, so a duplicate fire or run would have shown up before we count.
  await new Promise((r) => setTimeout(r, 500));

  for (const p of plan) {
    const fires = await db('lifecycle_history').where({ ticket_id: p.ticketId, event_type: 'timer_fired' }).orderBy('id').pluck('event_id');
    t.deepEqual(fires, [
      timerFiredEventId('sla.first_response.warning', p.warningAt),
      timerFiredEventId('sla.first_response.breach', p.breachAt),
    ], `ticket ${p.ticketId}: each timer fired exactly once`);
    const state = await engine.query(p.ticketId);
    t.deepEqual(state!.summary.breachedMetrics, ['first_response']);
  }

  const runs = await db('lifecycle_activity_runs').select('idempotency_key', 'name', 'status');
  t.is(runs.length, expectedRuns);
  t.true(runs.every((r) => r.status === 'succeeded'), 'every run succeeded');
  const effects = await db('test_lifecycle_activity_effects').select('idempotency_key', 'pid');
  t.deepEqual(effects.map((e) => e.idempotency_key).sort(), runs.map((r) => r.idempotency_key).sort(), 'one effect per run');
  const { rows: results } = await db.raw<{ rows: Array<{ key: string; n: number; ok: boolean }> }>(
    `SELECT event->>'idempotencyKey' AS key, count(*)::int AS n, bool_and((event->>'ok')::boolean) AS ok
       FROM lifecycle_history WHERE event_type = 'activity_result' GROUP BY 1`,
  );
  t.true(results.length === expectedRuns && results.every((r) => r.n === 1 && r.ok), 'one ok result event per run');
  for (const { idempotency_key: key } of inFlight) {
    const calls = await countRows(db('test_lifecycle_activity_calls').where({ idempotency_key: key }).count({ n: '*' }));
    t.true(calls >= 2, `${key}: killed mid-flight, called again after the restart`);
    const effect = effects.find((e) => e.idempotency_key === key);
    t.is(effect?.pid, second.proc.pid, `${key}: completed by the new process`);
  }
  t.deepEqual(await db('job_worker_heartbeats').pluck('worker_id'), second.workerIds, 'the dead pool was swept');

  const { rows: left } = await db.raw<{ rows: Array<{ task_identifier: string; key: string }> }>('SELECT task_identifier, key FROM graphile_worker.jobs');
  t.deepEqual(
    left.map((j) => [j.task_identifier, j.key]).sort(),
    plan.flatMap((p) => [timerJobKey(p.ticketId, 'sla.resolution.breach'), timerJobKey(p.ticketId, 'sla.resolution.warning')])
      .map((k) => [LIFECYCLE_TIMER_TASK, k])
      .sort(),
    'only the resolution timers are left, still pending',
  );

  second.proc.kill('SIGTERM');
  t.is(await second.exited, 0, 'the new process stops cleanly');
});
