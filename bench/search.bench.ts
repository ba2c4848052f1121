/**
 * `npm run bench:search`: ticket search latency through the gateway (HTTP, auth, validation, permission scope,
 * response shaping) beside the same engine requests sent straight to Meilisearch through the client, alternating
 * per query so background load hits both alike. Real embedded Meilisearch and PostgreSQL, seeded with COPY and
 * indexed by the reindex code. Writes its section of bench/README.md.
 * Options: --tickets N (default 100000) --requests N (per side, default 400) --warmup N --note "..." --no-readme
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config/config';
import type { Principal } from '../core/principal';
import { ticketSearchQuery } from '../core/schemas/search.schema';
import { createApp } from '../gateway/app';
import { createLifecycleEngine } from '../services/lifecycle/engine-factory';
import { createPolicySource } from '../services/lifecycle/policy-source';
import { startSearch } from '../services/search/search-runtime';
import { TICKET_INDEX } from '../services/search/ticket-index.settings';
import { reindexTickets } from '../services/search/ticket-reindex';
import { ticketSearchRequest } from '../services/search/ticket-search.service';
import { localStorage } from '../services/storage/local-storage';
import { COMMON_OPTIONS, positiveInt } from './bench-args';
import { cleanupOnSignal, exitCodeOf, openBenchDatabase, tempDir } from './bench-database';
import { sessionPrincipal } from './bench-principals';
import { loadAverage, machineInfo, machineLines } from './machine-info';
import { updateReadmeSection } from './readme-file';
import { formatInt, formatMs, markdownTable, summarize } from './report';
import { seedWorkspace } from './ticket-seed';

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '400' },
    warmup: { type: 'string', default: '40' },
    ...COMMON_OPTIONS,
  },
});
const TICKETS = positiveInt('tickets', args.tickets);
const REQUESTS = positiveInt('requests', args.requests);
const WARMUP = positiveInt('warmup', args.warmup);
const log = (msg: string) => console.log(msg);

/** Words from the seed's vocabulary, with typos, multi-word and filtered queries: what agents type. */
const QUERIES = [
  'q=invoice', 'q=refund', 'q=pasword', 'q=subscripton', 'q=cannot%20reset%20password', 'q=shipment%20delayed',
  'q=webhook&statusCategory=open', 'q=login&tag=login', 'q=dashboard&sort=-updatedAt', 'q=', 'q=tracking%20number',
  'q=checkout&priority=1,2,3,4',
];

async function main(): Promise<number> {
  const load = { before: loadAverage(), after: '' };
  const bench = await openBenchDatabase({ serverUrl: process.env.DATABASE_URL, log });
  const dataDir = tempDir('lantern-bench-search-');
  let stopSearch: (() => Promise<void>) | undefined;
  let stopServer: (() => Promise<void>) | undefined;
  const cleanup = async () => {
    await stopServer?.().catch(() => {});
    await stopSearch?.().catch(() => {});
    await bench.close();
    dataDir.remove();
  };
  const release = cleanupOnSignal(cleanup);
  try {
    log(`seeding ${formatInt(TICKETS)} tickets with COPY`);
    const w = await seedWorkspace(bench.db, bench.url, {
      tickets: TICKETS, customers: Math.max(100, Math.round(TICKETS / 5)), teams: 20, agents: 190, seed: 20261125, now: new Date(), log,
    });
    const config = loadConfig({ LANTERN_DATA_DIR: dataDir.path, LANTERN_LOG_LEVEL: 'silent', LANTERN_RATE_LIMIT_PER_IP: '100000000', LANTERN_RATE_LIMIT_PER_KEY: '100000000' });
    const logger = pino({ level: 'silent' });
    const search = await startSearch({ config, logger });
    stopSearch = search.stop;
    const indexStart = Date.now();
    await reindexTickets({ db: bench.db, engine: search.engine, batchSize: 5000 });
    const indexMs = Date.now() - indexStart;
    log(`indexed ${formatInt(await search.engine.documentCount(TICKET_INDEX))} tickets in ${(indexMs / 1000).toFixed(1)} s`);

    const engine = await createLifecycleEngine(config, { db: bench.db, policies: createPolicySource(bench.db) });
    const app = createApp({ db: bench.db, config, logger, storage: localStorage(dataDir.path), engine, search: search.engine });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    stopServer = () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/search/tickets`;

    // A team-scoped agent (the filter every agent query carries) and a supervisor (no scope filter).
    const agent = w.agents[0]!;
    const who: Array<{ name: string; token: string; principal: Principal }> = [
      { name: 'agent (team scope)', ...(await sessionPrincipal(bench.db, 'worker', agent.id)) },
      { name: 'supervisor (all tickets)', ...(await sessionPrincipal(bench.db, 'worker', w.supervisorIds[0]!)) },
    ];

    const rows: string[][] = [];
    const summary: Array<{ name: string; gateway: number[]; direct: number[] }> = [];
    for (const p of who) {
      const gateway: number[] = [];
      const direct: number[] = [];
      for (let i = 0; i < WARMUP + REQUESTS; i++) {
        const qs = QUERIES[i % QUERIES.length]!;
        const request = ticketSearchRequest(p.principal, ticketSearchQuery.parse(Object.fromEntries(new URLSearchParams(qs))));
        // Alternate which side goes first so neither always gets the warmer cache.
        const sides = i % 2 === 0 ? (['gateway', 'direct'] as const) : (['direct', 'gateway'] as const);
        for (const side of sides) {
          const t0 = performance.now();
          if (side === 'gateway') {
            const res = await fetch(`${base}?${qs}`, { headers: { authorization: `Bearer ${p.token}` } });
            if (res.status !== 200) throw new Error(`gateway ${qs}: ${res.status} ${await res.text()}`);
            await res.arrayBuffer();
          } else {
            await search.engine.search(TICKET_INDEX, request);
          }
          const ms = performance.now() - t0;
          if (i >= WARMUP) (side === 'gateway' ? gateway : direct).push(ms);
        }
      }
      summary.push({ name: p.name, gateway, direct });
    }
    for (const s of summary) {
      const g = summarize(s.gateway);
      const d = summarize(s.direct);
      rows.push([s.name, 'gateway', formatMs(g.p50), formatMs(g.p99), formatMs(g.mean)]);
      rows.push([s.name, 'Meilisearch direct', formatMs(d.p50), formatMs(d.p99), formatMs(d.mean)]);
      rows.push([s.name, 'overhead', formatMs(g.p50 - d.p50), formatMs(g.p99 - d.p99), formatMs(g.mean - d.mean)]);
    }
    load.after = loadAverage();
    const table = markdownTable(['principal', 'path', 'p50 ms', 'p99 ms', 'mean ms'], rows);
    const body = [
      machineLines(machineInfo(bench.serverVersion), load, args.note),
      '',
      `${formatInt(TICKETS)} tickets, full index build ${(indexMs / 1000).toFixed(1)} s (embedded Meilisearch 1.21). ` +
        `${formatInt(REQUESTS)} sequential requests per side after ${WARMUP} warm-up, ${QUERIES.length} queries in rotation ` +
        '(typos, filters, an empty browse query), facets and highlights on. "Direct" sends the identical engine request ' +
        'through the Meilisearch client; "overhead" is HTTP, session auth, validation, scope and response shaping.',
      '',
      table,
    ].join('\n');
    console.log(`\n${table}`);
    if (!args['no-readme']) log(`\nwrote ${updateReadmeSection('search', body)}`);
    return 0;
  } finally {
    release();
    await cleanup();
  }
}

const code = await exitCodeOf(main());
if (code !== undefined) process.exit(code);
