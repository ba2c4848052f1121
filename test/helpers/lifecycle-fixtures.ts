/**
 * Test fixtures for the embedded lifecycle engine: tickets to hang lifecycles on, a hand-moved clock, a policy
 * source with fixed documents, and FIXTURE activities that only record their calls in tables of their own
 * (`test_lifecycle_activity_calls`: every invocation; `test_lifecycle_activity_effects`: the one effect per
 * idempotency key). The real activity implementations live in activities/lifecycle/ and are not used here.
 */
import { Logger, runOnce, type TaskList } from 'graphile-worker';
import pg from 'pg';
import pino from 'pino';
import { ACTIVITY_NAMES, type ActivityName } from '../../core/lifecycle/commands';
import type { Policy } from '../../core/lifecycle/policy.schema';
import { SCENARIO_POLICY } from '../../core/lifecycle/scenario-kit';
import type { Db } from '../../db/knex';
import { createLifecycleActivityTask, createLifecycleTimerTask } from '../../activities/lifecycle/engine.tasks';
import type { LifecycleActivities, LifecycleActivityFn } from '../../activities/lifecycle/lifecycle-activities';
import type { EmbeddedLifecycleEngine } from '../../services/lifecycle/embedded-engine';
import type { PolicySource } from '../../services/lifecycle/engine-port';
import { LIFECYCLE_ACTIVITY_TASK, LIFECYCLE_TIMER_TASK } from '../../services/lifecycle/lifecycle.jobs';

export const silentJobsLogger = new Logger(() => () => {});
export const silentLogger = pino({ level: 'silent' });

/** A clock the test moves by hand; the engine and its tasks read only this. */
export type TestClock = { now: () => number; set: (ms: number) => void; advance: (ms: number) => void };

export function testClock(start: number): TestClock {
  let t = start;
  return { now: () => t, set: (ms) => { t = ms; }, advance: (ms) => { t += ms; } };
}

/** Fixed documents; `use` switches the current one (a policy update). */
export function switchablePolicySource(initial: Policy): PolicySource & { use: (p: Policy) => void } {
  let current = initial;
  const known = new Map<number, Policy>([[initial.version, initial]]);
  return {
    current: async () => current,
    byVersion: async (v) => known.get(v) ?? null,
    use: (p) => {
      current = p;
      known.set(p.version, p);
    },
  };
}

/**
 * SCENARIO_POLICY measured around the clock (Europe/Berlin calendar, no office hours), so a test can place timers
 * a few real seconds ahead: first response 60 min (warning at 30), resolution 480 min.
 */
export const AROUND_THE_CLOCK_POLICY: Policy = {
  ...SCENARIO_POLICY,
  sla: {
    ...SCENARIO_POLICY.sla,
    policies: SCENARIO_POLICY.sla.policies.map((p) => (p.id === 'standard' ? { ...p, hours: 'calendar' as const } : p)),
  },
};

/** Real ticket rows (the lifecycle tables reference tickets), with one shared requester. */
export async function createTicketRows(db: Db, count: number): Promise<number[]> {
  const status = await db('statuses').where({ is_default: true }).first<{ id: number; category: string }>('id', 'category');
  const priority = await db('priorities').where({ is_default: true }).first<{ id: number; rank: number }>('id', 'rank');
  const [customer] = await db('customers')
    .insert({ name: 'Lifecycle Fixture', email: `lifecycle-${process.pid}-${Date.now()}-${Math.random()}@test.local` })
    .returning<{ id: number }[]>('id');
  const rows = Array.from({ length: count }, (_, i) => ({
    subject: `Lifecycle fixture ${i}`,
    requester_id: customer!.id,
    status_id: status.id,
    status_category: status.category,
    priority_id: priority.id,
    priority_rank: priority.rank,
  }));
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await db('tickets').insert(rows.slice(i, i + 1000)).returning<{ id: number }[]>('id');
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

export async function installActivityFixtureTables(db: Db): Promise<void> {
  await db.raw(`CREATE TABLE IF NOT EXISTS test_lifecycle_activity_calls (
    id bigserial PRIMARY KEY, idempotency_key text NOT NULL, name text NOT NULL, ticket_id bigint NOT NULL,
    input jsonb NOT NULL, pid int NOT NULL, called_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  await db.raw(`CREATE TABLE IF NOT EXISTS test_lifecycle_activity_effects (
    idempotency_key text PRIMARY KEY, name text NOT NULL, ticket_id bigint NOT NULL, pid int NOT NULL,
    done_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
}

export type FixtureBehaviour = {
  /** Milliseconds an activity takes between being called and producing its effect. */
  delayMs?: (name: ActivityName) => number;
  /** Thrown before the effect, for the given call number (1-based) of a key; undefined → succeed. */
  failure?: (name: ActivityName, call: number) => Error | undefined;
};

/**
 * Activities that record every call and produce their effect once per idempotency key (INSERT … ON CONFLICT DO
 * NOTHING): exactly what a real activity must do to make retries harmless.
 */
export function recordingActivities(db: Db, behaviour: FixtureBehaviour = {}): LifecycleActivities {
  const make = (name: ActivityName): LifecycleActivityFn<ActivityName> => async ({ ticketId, idempotencyKey, input }) => {
    await db('test_lifecycle_activity_calls').insert({ idempotency_key: idempotencyKey, name, ticket_id: ticketId, input: JSON.stringify(input), pid: process.pid });
    const calls = Number((await db('test_lifecycle_activity_calls').where({ idempotency_key: idempotencyKey }).count({ n: '*' }))[0]!.n);
    const delay = behaviour.delayMs?.(name) ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const failure = behaviour.failure?.(name, calls);
    if (failure) throw failure;
    await db('test_lifecycle_activity_effects')
      .insert({ idempotency_key: idempotencyKey, name, ticket_id: ticketId, pid: process.pid })
      .onConflict('idempotency_key')
      .ignore();
    return { recorded: idempotencyKey };
  };
  return Object.fromEntries(ACTIVITY_NAMES.map((n) => [n, make(n)])) as unknown as LifecycleActivities;
}

export function lifecycleTaskList(db: Db, engine: EmbeddedLifecycleEngine, activities: LifecycleActivities): TaskList {
  const deps = { db, logger: silentLogger, engine, activities };
  return { [LIFECYCLE_TIMER_TASK]: createLifecycleTimerTask(deps), [LIFECYCLE_ACTIVITY_TASK]: createLifecycleActivityTask(deps) };
}

/**
 * Make the ticket's timers due by `upTo` (engine time) due in the database too, by moving their run_at to now:
 * the test clock and the database clock are independent, and this is the bridge.
 */
export async function makeTimersDue(db: Db, ticketId: number, upTo: number): Promise<number> {
  const { rows } = await db.raw<{ rows: Array<{ id: number }> }>(
    `SELECT j.id FROM graphile_worker.jobs j JOIN graphile_worker._private_jobs p ON p.id = j.id
      WHERE j.task_identifier = ? AND j.key LIKE ? AND (p.payload->>'fireAt')::bigint <= ? AND j.locked_at IS NULL`,
    [LIFECYCLE_TIMER_TASK, `lifecycle:${ticketId}:%`, upTo],
  );
  if (rows.length > 0) await db.raw('SELECT graphile_worker.reschedule_jobs(?::bigint[], run_at => now())', [rows.map((r) => r.id)]);
  return rows.length;
}

/** Run every job that is due right now through a real graphile-worker pool, until none is left. */
export async function drainDueJobs(connectionString: string, taskList: TaskList): Promise<void> {
  await runOnce({ connectionString, taskList, logger: silentJobsLogger, concurrency: 1 });
  await waitForJobLocksReleased(connectionString);
}

/**
 * runOnce can resolve before a failed job's release (fail_jobs) has committed; until then the job is still
 * locked and reschedule_jobs skips it, so a test that reschedules next would race. Wait for the release.
 */
async function waitForJobLocksReleased(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (let i = 0; i < 100; i++) {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_at IS NOT NULL');
      if (rows[0].n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('graphile-worker jobs stayed locked for 5 s after runOnce');
  } finally {
    await client.end();
  }
}

export type JobRow = { id: number; task_identifier: string; key: string | null; payload: Record<string, unknown>; run_at: Date; attempts: number; max_attempts: number };

/** The ticket's lifecycle jobs, with payloads (graphile-worker's public jobs view leaves them out). */
export async function lifecycleJobs(db: Db, ticketId: number): Promise<JobRow[]> {
  const { rows } = await db.raw<{ rows: JobRow[] }>(
    `SELECT j.id, j.task_identifier, j.key, p.payload, j.run_at, j.attempts, j.max_attempts
       FROM graphile_worker.jobs j JOIN graphile_worker._private_jobs p ON p.id = j.id
      WHERE j.task_identifier IN (?, ?) AND (p.payload->>'ticketId')::bigint = ?
      ORDER BY j.id`,
    [LIFECYCLE_TIMER_TASK, LIFECYCLE_ACTIVITY_TASK, ticketId],
  );
  return rows;
}
