/**
 * The embedded lifecycle engine against real PostgreSQL and a real graphile-worker pool.
 *
 * Clock: the engine and its tasks read a test clock. A timer due at engine time T is stored with
 * run_at = real now + (T − engine now), so nothing becomes due by accident; to fire timers "now" a test sets the
 * clock to T, moves the run_at of the ticket's timers due by T to the database's now() (makeTimersDue), and drains
 * the due jobs through graphile-worker's runOnce with the real lifecycle tasks.
 */
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { type LifecycleCommand, type RunActivity } from '../../core/lifecycle/commands';
import { replay } from '../../core/lifecycle/decider';
import { type LifecycleEvent, type TicketOpened, timerFiredEventId } from '../../core/lifecycle/events';
import { SCENARIO_POLICY, ev } from '../../core/lifecycle/scenario-kit';
import { LIFECYCLE_SCENARIOS, type LifecycleScenario } from '../../core/lifecycle/scenarios';
import type { LifecycleState } from '../../core/lifecycle/state';
import { NonRetryableActivityError } from '../../activities/lifecycle/lifecycle-activities';
import { activityResultEventId } from '../../activities/lifecycle/engine.tasks';
import { loadConfig } from '../../config/config';
import { DEFAULT_ACTIVITY_MAX_ATTEMPTS, createEmbeddedEngine } from '../../services/lifecycle/embedded-engine';
import { createLifecycleEngine } from '../../services/lifecycle/engine-factory';
import { LIFECYCLE_ACTIVITY_TASK, LIFECYCLE_TIMER_TASK, activityJobKey, timerJobKey } from '../../services/lifecycle/lifecycle.jobs';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import {
  type FixtureBehaviour, createTicketRows, drainDueJobs, installActivityFixtureTables, lifecycleJobs, lifecycleTaskList,
  makeTimersDue, recordingActivities, switchablePolicySource, testClock,
} from '../helpers/lifecycle-fixtures';

const test = anyTest as TestFn<unknown>;

/** Each test gets its own database, so job queues never mix. */
async function database(t: ExecutionContext): Promise<TestDatabase> {
  const tdb = await createTestDatabase();
  t.teardown(tdb.drop);
  await installActivityFixtureTables(tdb.db);
  return tdb;
}

type HistoryRow = { id: number; event_id: string; event_type: string; event: LifecycleEvent; commands: LifecycleCommand[]; version: number };

const historyOf = (tdb: TestDatabase, ticketId: number, afterId = 0): Promise<HistoryRow[]> =>
  tdb.db('lifecycle_history').where({ ticket_id: ticketId }).where('id', '>', afterId).orderBy('id')
    .select<HistoryRow[]>('id', 'event_id', 'event_type', 'event', 'commands', 'version');

const lastHistoryId = async (tdb: TestDatabase, ticketId: number) => (await historyOf(tdb, ticketId)).at(-1)?.id ?? 0;

const runActivities = (commands: readonly LifecycleCommand[]) => commands.filter((c): c is RunActivity => c.type === 'run_activity');

function checkSummary(t: ExecutionContext, scenario: LifecycleScenario, state: LifecycleState | null) {
  t.truthy(state, `${scenario.name}: state stored`);
  for (const [key, value] of Object.entries(scenario.expectSummary)) {
    t.deepEqual(state!.summary[key as keyof LifecycleState['summary']], value, `${scenario.name}: summary.${key}`);
  }
}

test('every scenario: history, timer jobs, activity jobs and runs are exactly the decider\'s commands', async (t) => {
  const tdb = await database(t);
  const ticketIds = await createTicketRows(tdb.db, LIFECYCLE_SCENARIOS.length);
  for (const [index, scenario] of LIFECYCLE_SCENARIOS.entries()) {
    const ticketId = ticketIds[index]!;
    const policies = switchablePolicySource(scenario.policy);
    const clock = testClock(scenario.steps[0]!.event.at);
    const engine = createEmbeddedEngine({ db: tdb.db, policies, clock: clock.now });
    const timers = new Map<string, { fireAt: number; dueInMs: number; startedReal: number }>();
    const activities = new Map<string, RunActivity>();
    const seen = new Set<string>();
    let applied = 0;

    for (const [i, step] of scenario.steps.entries()) {
      const label = `${scenario.name} step ${i + 1} (${step.event.type} ${step.event.id})`;
      if (step.policy) policies.use(step.policy);
      clock.set(step.event.at);
      const before = await lastHistoryId(tdb, ticketId);
      const startedReal = Date.now();
      await engine.signal(ticketId, step.event);
      const rows = await historyOf(tdb, ticketId, before);
      if (seen.has(step.event.id)) {
        t.is(rows.length, 0, `${label}: a redelivered event leaves no history`);
      } else {
        applied += 1;
        t.is(rows.length, 1, `${label}: one history row`);
        t.deepEqual(rows[0]!.event, step.event, `${label}: the event is stored as delivered`);
        t.deepEqual(rows[0]!.commands, step.expect, `${label}: the decided commands are stored`);
        t.is(rows[0]!.version, applied, `${label}: versions have no gaps`);
      }
      seen.add(step.event.id);
      for (const c of step.expect) {
        if (c.type === 'cancel_timer') timers.delete(c.name);
        if (c.type === 'start_timer') timers.set(c.name, { fireAt: c.fireAt, dueInMs: c.fireAt - step.event.at, startedReal });
        if (c.type === 'run_activity') activities.set(c.idempotencyKey, c);
      }

      const jobs = await lifecycleJobs(tdb.db, ticketId);
      const timerJobs = jobs.filter((j) => j.task_identifier === LIFECYCLE_TIMER_TASK);
      t.deepEqual(
        timerJobs.map((j) => [j.key, j.payload]).sort(),
        [...timers].map(([name, x]) => [timerJobKey(ticketId, name), { ticketId, name, fireAt: x.fireAt }]).sort(),
        `${label}: one timer job per live timer, keyed by ticket and name`,
      );
      for (const job of timerJobs) {
        const x = timers.get(String(job.payload.name))!;
        const expectedRunAt = x.startedReal + x.dueInMs;
        t.true(Math.abs(job.run_at.getTime() - expectedRunAt) < 5_000, `${label}: ${job.key} runs at engine fireAt on the database clock`);
      }
      const activityJobs = jobs.filter((j) => j.task_identifier === LIFECYCLE_ACTIVITY_TASK);
      t.deepEqual(
        activityJobs.map((j) => [j.key, j.payload, j.max_attempts]).sort(),
        [...activities.values()].map((c) => [
          activityJobKey(c.idempotencyKey),
          { ticketId, name: c.name, input: c.input, idempotencyKey: c.idempotencyKey },
          DEFAULT_ACTIVITY_MAX_ATTEMPTS,
        ]).sort(),
        `${label}: one job per activity command`,
      );
      const runs = await tdb.db('lifecycle_activity_runs').where({ ticket_id: ticketId }).select('idempotency_key', 'name', 'input', 'status');
      t.deepEqual(
        runs.map((r) => [r.idempotency_key, r.name, r.input, r.status]).sort(),
        [...activities.values()].map((c) => [c.idempotencyKey, c.name, c.input, 'pending']).sort(),
        `${label}: a pending run per activity command`,
      );
    }

    const state = await engine.query(ticketId);
    checkSummary(t, scenario, state);
    const instance = await tdb.db('lifecycle_instances').where({ ticket_id: ticketId }).first();
    t.is(instance.version, applied);
    t.is(instance.status_category, state!.summary.statusCategory);
    t.is(instance.breached, state!.summary.breachedMetrics.length > 0);
    t.is(instance.next_deadline_at?.getTime() ?? null, state!.summary.nextDeadline?.at ?? null);

    // Redelivering the whole scenario changes nothing: no history, same jobs.
    const jobsBefore = await lifecycleJobs(tdb.db, ticketId);
    const before = await lastHistoryId(tdb, ticketId);
    for (const step of scenario.steps) await engine.signal(ticketId, step.event);
    t.is((await historyOf(tdb, ticketId, before)).length, 0, `${scenario.name}: redelivery adds no history`);
    t.deepEqual(await lifecycleJobs(tdb.db, ticketId), jobsBefore, `${scenario.name}: redelivery leaves the jobs alone`);
  }
});

/** Replace the event-id part of idempotency keys (lifecycle:<ticket>:<event>:<purpose>) per `ids`, anywhere in a value. */
function rekey<T>(value: T, ids: ReadonlyMap<string, string>): T {
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) => {
    if (typeof v !== 'string' || !v.startsWith('lifecycle:')) return v;
    const parts = v.split(':').map(decodeURIComponent);
    if (parts.length !== 4 || !ids.has(parts[2]!)) return v;
    parts[2] = ids.get(parts[2]!)!;
    return parts.map(encodeURIComponent).join(':');
  }) as T;
}

test('every scenario end to end: due timers fire through graphile-worker, each activity runs once and reports back', async (t) => {
  const tdb = await database(t);
  const ticketIds = await createTicketRows(tdb.db, LIFECYCLE_SCENARIOS.length);
  for (const [index, scenario] of LIFECYCLE_SCENARIOS.entries()) {
    const ticketId = ticketIds[index]!;
    const policies = switchablePolicySource(scenario.policy);
    const clock = testClock(scenario.steps[0]!.event.at);
    const engine = createEmbeddedEngine({ db: tdb.db, policies, clock: clock.now });
    const taskList = lifecycleTaskList(tdb.db, engine, recordingActivities(tdb.db));
    const fired = new Map<string, string>(); // scenario event id → id the engine gave the fire
    const seen = new Set<string>();
    const expectedRuns: RunActivity[] = [];

    for (const [i, step] of scenario.steps.entries()) {
      const label = `${scenario.name} step ${i + 1} (${step.event.type} ${step.event.id})`;
      if (step.policy) policies.use(step.policy);
      clock.set(step.event.at);
      const before = await lastHistoryId(tdb, ticketId);
      const duplicate = seen.has(step.event.id);
      seen.add(step.event.id);
      const event = step.event;
      const live = event.type === 'timer_fired' ? (await engine.query(ticketId))?.timers[event.name as 'survey.deliver'] : undefined;

      if (event.type === 'timer_fired' && !duplicate && live?.fireAt === event.at) {
        // A fire the engine produces itself: the job comes due and the task applies it.
        fired.set(event.id, timerFiredEventId(event.name, event.at));
        t.true((await makeTimersDue(tdb.db, ticketId, event.at)) >= 1, `${label}: the timer job exists`);
      } else if (event.type === 'timer_fired' && duplicate && fired.has(event.id)) {
        // Redelivery of an engine-made fire: the same job payload runs once more.
        await tdb.db.raw('SELECT graphile_worker.add_job(?, ?::json)', [LIFECYCLE_TIMER_TASK, JSON.stringify({ ticketId, name: event.name, fireAt: event.at })]);
      } else {
        await engine.signal(ticketId, rekey(event, fired));
      }
      await drainDueJobs(tdb.url, taskList);

      const rows = await historyOf(tdb, ticketId, before);
      // Results the activity task fed back (the scenario's own activity_result steps are decisions like any event).
      const fromTask = (r: HistoryRow) => r.event_type === 'activity_result' && r.event_id.startsWith('activity:');
      const decisions = rows.filter((r) => !fromTask(r));
      const results = rows.filter(fromTask);
      const expect = rekey(step.expect, fired);
      t.is(decisions.length, duplicate ? 0 : 1, `${label}: ${duplicate ? 'a redelivery is dropped' : 'one decision'}`);
      if (!duplicate) {
        t.deepEqual(decisions[0]!.commands, expect, `${label}: the scenario's commands`);
        if (fired.has(event.id)) t.is(decisions[0]!.event_id, fired.get(event.id)!, `${label}: fired by the timer job`);
      }
      const ran = runActivities(expect);
      expectedRuns.push(...ran);
      t.deepEqual(
        results.map((r) => [r.event_id, (r.event as { ok?: boolean }).ok, r.commands]).sort(),
        ran.map((c) => [activityResultEventId(c.idempotencyKey), true, []]).sort(),
        `${label}: every activity reported back once, ok`,
      );
    }

    t.true(fired.size > 0, `${scenario.name}: at least one timer fired through graphile-worker`);
    const calls = await tdb.db('test_lifecycle_activity_calls').where({ ticket_id: ticketId }).select('idempotency_key', 'name', 'input');
    t.deepEqual(
      calls.map((c) => [c.idempotency_key, c.name, c.input]).sort(),
      expectedRuns.map((c) => [c.idempotencyKey, c.name, c.input]).sort(),
      `${scenario.name}: each activity called exactly once with its command's input`,
    );
    const runs = await tdb.db('lifecycle_activity_runs').where({ ticket_id: ticketId }).select('status', 'attempts');
    t.true(runs.length === expectedRuns.length && runs.every((r) => r.status === 'succeeded' && r.attempts === 1), `${scenario.name}: runs succeeded first time`);
    const state = await engine.query(ticketId);
    checkSummary(t, scenario, state);
    const jobs = await lifecycleJobs(tdb.db, ticketId);
    t.deepEqual(
      jobs.map((j) => [j.task_identifier, j.payload.name, j.payload.fireAt]).sort(),
      Object.entries(state!.timers).map(([name, x]) => [LIFECYCLE_TIMER_TASK, name, x.fireAt]).sort(),
      `${scenario.name}: only the live timers are left as jobs`,
    );
  }
});

test('redelivery beyond the decider\'s 1,000-id window is still a no-op (history is unique per event id)', async (t) => {
  const tdb = await database(t);
  const [ticketId] = await createTicketRows(tdb.db, 1);
  const clock = testClock(Date.parse('2025-03-03T08:00:00Z'));
  const engine = createEmbeddedEngine({ db: tdb.db, policies: switchablePolicySource(SCENARIO_POLICY), clock: clock.now });
  await engine.start(ticketId!, ev.opened('open', '2025-03-03T08:00:00Z', { id: String(ticketId) }) as TicketOpened);
  const first = await engine.apply(ticketId!, ev.customer('first', '2025-03-03T08:01:00Z'));
  t.true(first.applied);
  t.is(runActivities(first.commands).length, 1, 'the customer message alerts the agent');
  for (let i = 0; i < 1000; i += 1) await engine.apply(ticketId!, ev.note(`note-${i}`, '2025-03-03T08:02:00Z'));
  t.false((await engine.query(ticketId!))!.seenEventIds.includes('first'), 'the decider has forgotten the id');
  const again = await engine.apply(ticketId!, ev.customer('first', '2025-03-03T08:03:00Z'));
  t.false(again.applied);
  t.deepEqual(again.commands, []);
  t.is(await tdb.db('lifecycle_activity_runs').where({ ticket_id: ticketId }).count({ n: '*' }).then((r) => Number(r[0]!.n)), 1, 'no second alert');
  t.is((await historyOf(tdb, ticketId!)).length, 1002);
});

test('start is idempotent, cancel removes the timer job, a moved deadline replaces it in place; query and list', async (t) => {
  const tdb = await database(t);
  const ticketIds = await createTicketRows(tdb.db, 3);
  const [a, b, c] = ticketIds as [number, number, number];
  const clock = testClock(Date.parse('2025-03-03T08:00:00Z'));
  const engine = createEmbeddedEngine({ db: tdb.db, policies: switchablePolicySource(SCENARIO_POLICY), clock: clock.now });
  const opened = (id: number, priority = 'normal') => ev.opened(`open-${id}`, '2025-03-03T08:00:00Z', { id: String(id), priority }) as TicketOpened;

  t.is(await engine.query(a), null, 'no lifecycle before start');
  await engine.signal(a, ev.customer('early', '2025-03-03T07:59:00Z'));
  t.is(await engine.query(a), null, 'an event before ticket_opened starts nothing');
  await engine.start(a, opened(a));
  await engine.start(a, opened(a));
  t.is((await historyOf(tdb, a)).length, 1, 'a second start is a no-op');
  const keys = async (id: number) => (await lifecycleJobs(tdb.db, id)).map((j) => j.key).sort();
  t.deepEqual(await keys(a), ['first_response.breach', 'first_response.warning', 'resolution.breach', 'resolution.warning'].map((n) => timerJobKey(a, `sla.${n}`)));

  clock.set(Date.parse('2025-03-03T08:10:00Z'));
  await engine.signal(a, ev.reply('reply', '2025-03-03T08:10:00Z'));
  t.deepEqual(await keys(a), [timerJobKey(a, 'sla.resolution.breach'), timerJobKey(a, 'sla.resolution.warning')], 'first response timers cancelled');

  const breachJob = async () => (await lifecycleJobs(tdb.db, a)).find((j) => j.key === timerJobKey(a, 'sla.resolution.breach'))!;
  const jobBefore = await breachJob();
  await engine.signal(a, ev.priority('urgent', '2025-03-03T08:10:00Z', 'urgent'));
  const jobAfter = await breachJob();
  t.is(jobAfter.id, jobBefore.id, 'same job, rescheduled in place');
  t.is(jobAfter.payload.fireAt, Date.parse('2025-03-03T12:00:00Z'), 'urgent: 240 calendar minutes from opening');
  t.true(jobAfter.run_at < jobBefore.run_at);

  // A timer job that runs before its fireAt by the engine clock is put back, not applied.
  await makeTimersDue(tdb.db, a, Number.MAX_SAFE_INTEGER);
  await drainDueJobs(tdb.url, lifecycleTaskList(tdb.db, engine, recordingActivities(tdb.db)));
  t.is((await historyOf(tdb, a)).filter((r) => r.event_type === 'timer_fired').length, 0, 'early jobs applied nothing');
  const deferred = await breachJob();
  t.true(deferred.run_at.getTime() > Date.now() + 3 * 3_600_000, 'deferred to its fireAt');

  await engine.start(b, opened(b));
  await engine.start(c, opened(c, 'urgent'));
  clock.set(Date.parse('2025-03-03T10:00:00Z'));
  await engine.signal(b, ev.note('late-note', '2025-03-03T10:00:00Z')); // catches up: first response breached at 09:00

  const state = await engine.query(b);
  t.deepEqual(state!.summary.breachedMetrics, ['first_response']);
  const all = await engine.list({ limit: 10 });
  t.deepEqual(all.items.map((i) => i.ticketId), [a, b, c]);
  t.true(all.items.every((i) => i.running && typeof i.updatedAt === 'string'));
  t.deepEqual((await engine.list({ limit: 10, breached: true })).items.map((i) => i.ticketId), [b]);
  t.deepEqual((await engine.list({ limit: 10, breached: false })).items.map((i) => i.ticketId), [a, c]);
  t.deepEqual((await engine.list({ limit: 10, statusCategory: 'new' })).items.map((i) => i.ticketId), [a, b, c]);
  t.deepEqual((await engine.list({ limit: 10, statusCategory: 'open' })).items, []);
  const dueSoon = await engine.list({ limit: 10, dueBefore: Date.parse('2025-03-03T08:45:00Z') });
  t.deepEqual(dueSoon.items.map((i) => i.ticketId), [c], 'only the urgent ticket has a deadline before 08:45 (first response 08:30)');
  const page1 = await engine.list({ limit: 2 });
  t.deepEqual(page1.items.map((i) => i.ticketId), [a, b]);
  t.truthy(page1.nextCursor);
  const page2 = await engine.list({ limit: 2, cursor: page1.nextCursor! });
  t.deepEqual(page2.items.map((i) => i.ticketId), [c]);
  t.is(page2.nextCursor, null);
  t.is(page1.items[1]!.summary.breachCount, 1, 'list carries the summary');
});

test('activities: transient errors retry with backoff, non-retryable and exhausted ones report ok: false; effects happen once', async (t) => {
  const tdb = await database(t);
  const [ticketId] = await createTicketRows(tdb.db, 1) as [number];
  const clock = testClock(Date.parse('2025-03-03T08:00:00Z'));
  const engine = createEmbeddedEngine({ db: tdb.db, policies: switchablePolicySource(SCENARIO_POLICY), clock: clock.now, activityMaxAttempts: 3 });
  const behaviour: FixtureBehaviour = {
    failure: (name, call) => {
      if (name === 'alert_agent' && call === 1) return new Error('mail server busy');
      if (name === 'notify_customer') return new NonRetryableActivityError('no_channel', 'the customer has no address');
      if (name === 'deliver_survey') return new Error('survey service down');
      return undefined;
    },
  };
  const taskList = lifecycleTaskList(tdb.db, engine, recordingActivities(tdb.db, behaviour));
  await engine.start(ticketId, ev.opened('o', '2025-03-03T08:00:00Z', { id: String(ticketId) }) as TicketOpened);
  const customer = await engine.apply(ticketId, ev.customer('m', '2025-03-03T08:01:00Z'));
  const solved = await engine.apply(ticketId, ev.status('s', '2025-03-03T08:02:00Z', 'solved'));
  const closed = await engine.apply(ticketId, ev.status('c', '2025-03-03T08:03:00Z', 'closed')); // sends the survey at once
  const [alert] = runActivities(customer.commands);
  const [notice] = runActivities(solved.commands);
  const [survey] = runActivities(closed.commands);
  t.is(alert?.name, 'alert_agent');
  t.is(notice?.name, 'notify_customer');
  t.is(survey?.name, 'deliver_survey');

  const run = (key: string) => tdb.db('lifecycle_activity_runs').where({ idempotency_key: key }).first();
  const job = async (key: string) => (await lifecycleJobs(tdb.db, ticketId)).find((j) => j.key === activityJobKey(key));
  const retryAll = async () => {
    const ids = (await lifecycleJobs(tdb.db, ticketId)).filter((j) => j.task_identifier === LIFECYCLE_ACTIVITY_TASK).map((j) => j.id);
    await tdb.db.raw('SELECT graphile_worker.reschedule_jobs(?::bigint[], run_at => now())', [ids]);
  };

  await drainDueJobs(tdb.url, taskList);
  t.like(await run(alert!.idempotencyKey), { status: 'retrying', attempts: 1, last_error: 'Error: mail server busy' });
  const waiting = await job(alert!.idempotencyKey);
  t.is(waiting?.attempts, 1);
  t.true(waiting!.run_at.getTime() > Date.now() + 1_000, 'graphile-worker backs off before the next attempt');
  t.like(await run(notice!.idempotencyKey), { status: 'failed', attempts: 1, last_error: 'NonRetryableActivityError: the customer has no address' });
  t.is(await job(notice!.idempotencyKey), undefined, 'a non-retryable failure ends the job');

  await retryAll();
  await drainDueJobs(tdb.url, taskList);
  t.like(await run(alert!.idempotencyKey), { status: 'succeeded', attempts: 2, last_error: null });
  t.like(await run(survey!.idempotencyKey), { status: 'retrying', attempts: 2 });
  await retryAll();
  await drainDueJobs(tdb.url, taskList);
  t.like(await run(survey!.idempotencyKey), { status: 'failed', attempts: 3, last_error: 'Error: survey service down' });
  t.deepEqual(await lifecycleJobs(tdb.db, ticketId), [], 'no job left');

  const results = (await historyOf(tdb, ticketId)).filter((r) => r.event_type === 'activity_result').map((r) => r.event as LifecycleEvent & { ok: boolean; idempotencyKey: string });
  t.deepEqual(
    results.map((e) => [e.idempotencyKey, e.ok]).sort(),
    [[alert!.idempotencyKey, true], [notice!.idempotencyKey, false], [survey!.idempotencyKey, false]].sort(),
    'one result event per run',
  );
  const state = await engine.query(ticketId);
  t.deepEqual(state!.failedActivities.map((f) => f.idempotencyKey).sort(), [notice!.idempotencyKey, survey!.idempotencyKey].sort());
  t.is(state!.survey?.status, 'failed');
  const effects = await tdb.db('test_lifecycle_activity_effects').where({ ticket_id: ticketId }).pluck('idempotency_key');
  t.deepEqual(effects, [alert!.idempotencyKey], 'only the activity that succeeded had an effect, once');
  const calls = await tdb.db('test_lifecycle_activity_calls').where({ ticket_id: ticketId }).count({ n: '*' });
  t.is(Number(calls[0]!.n), 2 + 1 + 3, 'alert twice, notice once, survey three times');
});

test('20 events for one ticket applied in parallel serialize on the row lock: gapless history that replays to the stored state', async (t) => {
  const tdb = await database(t);
  const [ticketId] = await createTicketRows(tdb.db, 1) as [number];
  const engine = createEmbeddedEngine({ db: tdb.db, policies: switchablePolicySource(SCENARIO_POLICY), clock: testClock(Date.parse('2025-03-03T08:00:00Z')).now });
  await engine.start(ticketId, ev.opened('open', '2025-03-03T08:00:00Z', { id: String(ticketId) }) as TicketOpened);
  const minute = (m: number) => new Date(Date.parse('2025-03-03T08:00:00Z') + m * 60_000).toISOString();
  const makers = [
    (i: number) => ev.customer(`p${i}`, minute(i)),
    (i: number) => ev.reply(`p${i}`, minute(i)),
    (i: number) => ev.note(`p${i}`, minute(i)),
    (i: number) => ev.priority(`p${i}`, minute(i), i % 2 ? 'high' : 'urgent'),
    (i: number) => ev.status(`p${i}`, minute(i), i % 3 ? 'open' : 'pending'),
  ];
  const events = Array.from({ length: 20 }, (_, i) => makers[i % makers.length]!(i + 1));
  const outcomes = await Promise.all(events.map((e) => engine.apply(ticketId, e)));
  t.true(outcomes.every((o) => o.applied));

  const history = await historyOf(tdb, ticketId);
  t.is(history.length, 21);
  t.deepEqual(history.map((h) => h.version), Array.from({ length: 21 }, (_, i) => i + 1), 'one version per event, no gaps, in commit order');
  const instance = await tdb.db('lifecycle_instances').where({ ticket_id: ticketId }).first();
  t.is(instance.version, 21);
  const replayed = replay(history.map((h) => h.event), SCENARIO_POLICY);
  t.deepEqual(instance.state, replayed.state, 'the history replays to the stored state');
  t.deepEqual(history.map((h) => h.commands), replayed.commands, 'and to the stored commands');
  const timerJobs = (await lifecycleJobs(tdb.db, ticketId)).filter((j) => j.task_identifier === LIFECYCLE_TIMER_TASK);
  t.deepEqual(
    timerJobs.map((j) => [j.payload.name, j.payload.fireAt]).sort(),
    Object.entries((instance.state as LifecycleState).timers).map(([n, x]) => [n, x.fireAt]).sort(),
    'the timer jobs are exactly the state\'s live timers',
  );
  const activityKeys = history.flatMap((h) => runActivities(h.commands).map((c) => c.idempotencyKey)).sort();
  t.deepEqual((await tdb.db('lifecycle_activity_runs').where({ ticket_id: ticketId }).pluck('idempotency_key')).sort(), activityKeys);
});

test('concurrent starts of one ticket make one lifecycle; a start for a ticket that does not exist is a not-found', async (t) => {
  const tdb = await database(t);
  const [ticketId] = await createTicketRows(tdb.db, 1) as [number];
  const engine = createEmbeddedEngine({ db: tdb.db, policies: switchablePolicySource(SCENARIO_POLICY), clock: testClock(Date.parse('2025-03-03T08:00:00Z')).now });
  const starts = Array.from({ length: 5 }, (_, i) => ev.opened(`open-${i}`, '2025-03-03T08:00:00Z', { id: String(ticketId) }) as TicketOpened);
  const outcomes = await Promise.all(starts.map((e) => engine.apply(ticketId, e)));
  t.is(outcomes.filter((o) => o.commands.length > 0).length, 1, 'one start decided the timers');
  const history = await historyOf(tdb, ticketId);
  t.deepEqual(history.map((h) => h.version), [1, 2, 3, 4, 5]);
  t.deepEqual(history.slice(1).map((h) => h.commands), [[], [], [], []], 'later opens change nothing');
  t.is((await lifecycleJobs(tdb.db, ticketId)).length, 4, 'four SLA timers, once');
  const error = await t.throwsAsync(engine.start(987_654_321, starts[0]!));
  t.is((error as { code?: string }).code, 'not_found');
});

test('the factory picks the embedded engine when TEMPORAL_ADDRESS is unset', async (t) => {
  const tdb = await database(t);
  const engine = await createLifecycleEngine(loadConfig({}), { db: tdb.db, policies: switchablePolicySource(SCENARIO_POLICY) });
  t.is(engine.kind, 'embedded');
});
