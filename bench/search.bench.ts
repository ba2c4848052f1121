/**
 * `npm run bench:search`: ticket search and knowledge base search latency through the gateway (HTTP, auth,
 * validation, permission scope, response shaping) beside the identical engine requests sent straight to
 * Meilisearch through the client, alternating per query so background load hits both alike. Real embedded
 * Meilisearch and PostgreSQL; tickets seeded with COPY, KB articles generated in SQL (bench/kb-seed.ts), both
 * indexes built by the project's reindex code. Writes its section of bench/README.md.
 * Options: --tickets N (default 1000000) --articles N (default 100000) --vectors auto|on|off (auto: on up to
 * 1,000 articles) --requests N (per side and lane, default 400) --warmup N --note "..." --no-readme
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config/config';
import type { Principal } from '../core/principal';
import { ticketSearchQuery } from '../core/schemas/search.schema';
import { createApp } from '../gateway/app';
import { sharedTextEmbedder, type TextEmbedder } from '../services/embeddings/text-embedder';
import { loadKbDocuments } from '../services/kb/kb-document';
import { KB_INDEX } from '../services/kb/kb-index.settings';
import { reindexKbArticles } from '../services/kb/kb-reindex';
import { kbSearchRequest } from '../services/kb/kb-search.service';
import { createLifecycleEngine } from '../services/lifecycle/engine-factory';
import { createPolicySource } from '../services/lifecycle/policy-source';
import type { SearchRequest } from '../services/search/search-engine';
import { startSearch } from '../services/search/search-runtime';
import { TICKET_INDEX } from '../services/search/ticket-index.settings';
import { reindexTickets, type ReindexProgress } from '../services/search/ticket-reindex';
import { ticketSearchRequest } from '../services/search/ticket-search.service';
import { localStorage } from '../services/storage/local-storage';
import { COMMON_OPTIONS, positiveInt } from './bench-args';
import { cleanupOnSignal, exitCodeOf, openBenchDatabase, tempDir } from './bench-database';
import { sessionPrincipal } from './bench-principals';
import { seedKnowledgeBase } from './kb-seed';
import { loadAverage, machineInfo, machineLines } from './machine-info';
import { updateReadmeSection } from './readme-file';
import { formatInt, formatMs, markdownTable, summarize } from './report';
import { seedWorkspace } from './ticket-seed';

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: '1000000' },
    articles: { type: 'string', default: '100000' },
    vectors: { type: 'string', default: 'auto' },
    requests: { type: 'string', default: '400' },
    warmup: { type: 'string', default: '40' },
    ...COMMON_OPTIONS,
  },
});
const TICKETS = positiveInt('tickets', args.tickets);
const ARTICLES = positiveInt('articles', args.articles);
const REQUESTS = positiveInt('requests', args.requests);
const WARMUP = positiveInt('warmup', args.warmup);
if (!['auto', 'on', 'off'].includes(args.vectors)) throw new Error(`--vectors must be auto, on or off, got "${args.vectors}"`);
/**
 * Real sentence vectors of title + first 500 words cost far more than the ~5 ms of a sentence (about 150 ms per
 * translation measured on the shared 2-core machine): fine for small runs, hours at 100,000 articles.
 */
const REAL_VECTORS = args.vectors === 'on' || (args.vectors === 'auto' && ARTICLES <= 1_000);
/** Articles whose embedding is timed with the real model when the index is built with stand-in vectors. */
const EMBED_SAMPLE = 50;
const log = (msg: string) => console.log(msg);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Words from the ticket seed's vocabulary, with typos, multi-word and filtered queries: what agents type. */
const TICKET_QUERIES = [
  'q=invoice', 'q=refund', 'q=pasword', 'q=subscripton', 'q=cannot%20reset%20password', 'q=shipment%20delayed',
  'q=webhook&statusCategory=open', 'q=login&tag=login', 'q=dashboard&sort=-updatedAt', 'q=', 'q=tracking%20number',
  'q=checkout&priority=1,2,3,4',
];
/** What customers type into the help center: short, some misspelt, some phrased as questions, English and German. */
const KB_QUERIES: Array<{ language: 'en' | 'de'; q: string }> = [
  { language: 'en', q: 'reset password' }, { language: 'en', q: 'invoice' }, { language: 'en', q: 'refnud' },
  { language: 'en', q: 'cancel subscription' }, { language: 'en', q: 'how do I change my billing address' },
  { language: 'en', q: 'two-factor authentication' }, { language: 'en', q: 'webhok' }, { language: 'en', q: 'tracking number not working' },
  { language: 'de', q: 'passwort zurücksetzen' }, { language: 'de', q: 'rechnung' }, { language: 'de', q: 'abonement kündigen' },
  { language: 'de', q: 'sendungsnummer' },
];

/**
 * Stand-in for the sentence model when vectors are off: words hashed into 512 buckets, normalised. Meilisearch
 * still stores and indexes one 512-dimension vector per document (its share of the build is measured); only the
 * model's own time is left out, and timed separately on a sample.
 */
const hashedEmbedder: TextEmbedder = {
  id: 'bench-hashed-words-512',
  dimensions: 512,
  async embed(texts) {
    return texts.map((text) => {
      const v = new Array<number>(512).fill(0);
      for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
        if (!word) continue;
        let h = 2166136261;
        for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
        v[(h >>> 0) % 512]! += 1;
      }
      const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
      return v.map((x) => x / norm);
    });
  },
};

/** Progress lines at most every 5 s (and at the end), for index builds that take minutes at full size. */
function progressLog(what: string): (p: ReindexProgress) => void {
  const started = performance.now();
  let last = 0;
  return ({ done, total }) => {
    const now = performance.now();
    if (done < total && now - last < 5000) return;
    last = now;
    log(`  ${what}: ${formatInt(done)} / ${formatInt(total)} (${seconds(now - started)})`);
  };
}

/** One measured path pair: the gateway URL (with its headers) and the engine request it makes, in rotation. */
type Lane = { name: string; calls: Array<{ url: string; headers: Record<string, string>; index: string; request: SearchRequest }> };

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
    let t0 = performance.now();
    const w = await seedWorkspace(bench.db, bench.url, {
      tickets: TICKETS, customers: Math.max(100, Math.round(TICKETS / 5)), teams: 20, agents: 190, seed: 20261125, now: new Date(), log,
    });
    const ticketSeedMs = performance.now() - t0;
    log(`seeding ${formatInt(ARTICLES)} knowledge base articles in SQL`);
    const kb = await seedKnowledgeBase(bench.db, bench.url, { articles: ARTICLES, log });
    log(`  ${formatInt(kb.translations)} translations (${formatInt(kb.published)} published) in ${seconds(kb.ms)}`);

    const config = loadConfig({ LANTERN_DATA_DIR: dataDir.path, LANTERN_LOG_LEVEL: 'silent', LANTERN_RATE_LIMIT_PER_IP: '100000000', LANTERN_RATE_LIMIT_PER_KEY: '100000000' });
    const logger = pino({ level: 'silent' });
    const search = await startSearch({ config, logger });
    stopSearch = search.stop;

    log('building the ticket index (services/search/ticket-reindex.ts)');
    t0 = performance.now();
    await reindexTickets({ db: bench.db, engine: search.engine, batchSize: 5000, onProgress: progressLog('tickets') });
    const ticketIndexMs = performance.now() - t0;
    const ticketDocs = await search.engine.documentCount(TICKET_INDEX);
    log(`indexed ${formatInt(ticketDocs)} tickets in ${seconds(ticketIndexMs)}`);

    const embedder = REAL_VECTORS ? await sharedTextEmbedder() : hashedEmbedder;
    log(`building the knowledge base index (services/kb/kb-reindex.ts), vectors: ${embedder.id}`);
    t0 = performance.now();
    await reindexKbArticles({ db: bench.db, engine: search.engine, batchSize: 500, embedder, onProgress: progressLog('articles') });
    const kbIndexMs = performance.now() - t0;
    const kbDocs = await search.engine.documentCount(KB_INDEX);
    log(`indexed ${formatInt(kbDocs)} published translations in ${seconds(kbIndexMs)}`);
    let modelNote = '';
    if (!REAL_VECTORS) {
      // The model's share, measured through the same document loader on the first articles.
      const model = await sharedTextEmbedder();
      const ids = Array.from({ length: Math.min(EMBED_SAMPLE, ARTICLES) }, (_, i) => i + 1);
      await loadKbDocuments(bench.db, model, ids.slice(0, 5)); // warm the model
      t0 = performance.now();
      const docs = await loadKbDocuments(bench.db, model, ids);
      const perDoc = (performance.now() - t0) / Math.max(1, docs.length);
      modelNote = ` The index was built with stand-in vectors (words hashed into 512 dimensions; Meilisearch stores and indexes them ` +
        `like real ones); the sentence model (${model.id}) took ${formatMs(perDoc)} ms per translation on ${docs.length} sampled ` +
        `translations, so real vectors would add about ${seconds(perDoc * kbDocs)} to the build (run with --vectors on to measure).`;
      log(`sentence model: ${formatMs(perDoc)} ms per translation → about ${seconds(perDoc * kbDocs)} for ${formatInt(kbDocs)} translations`);
    }

    const engine = await createLifecycleEngine(config, { db: bench.db, policies: createPolicySource(bench.db) });
    const app = createApp({ db: bench.db, config, logger, storage: localStorage(dataDir.path), engine, search: search.engine });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    stopServer = () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;

    // A team-scoped agent (the filter every agent query carries) and a supervisor (no scope filter).
    const agent = await sessionPrincipal(bench.db, 'worker', w.agents[0]!.id);
    const supervisor = await sessionPrincipal(bench.db, 'worker', w.supervisorIds[0]!);
    const ticketLane = (name: string, p: { token: string; principal: Principal }): Lane => ({
      name,
      calls: TICKET_QUERIES.map((qs) => ({
        url: `${api}/search/tickets?${qs}`, headers: { authorization: `Bearer ${p.token}` }, index: TICKET_INDEX,
        request: ticketSearchRequest(p.principal, ticketSearchQuery.parse(Object.fromEntries(new URLSearchParams(qs)))),
      })),
    });
    const lanes: Lane[] = [
      ticketLane('tickets: agent (team scope)', agent),
      ticketLane('tickets: supervisor (all tickets)', supervisor),
      {
        name: 'KB: help center (public, anonymous)',
        calls: KB_QUERIES.map(({ language, q }) => ({
          url: `${api}/help-center/${language}/search?q=${encodeURIComponent(q)}&limit=10`, headers: {}, index: KB_INDEX,
          request: kbSearchRequest({ text: q, language, includeInternal: false, limit: 10, offset: 0 }),
        })),
      },
      {
        name: 'KB: staff /kb/search (agent, incl. internal)',
        calls: KB_QUERIES.map(({ language, q }) => ({
          url: `${api}/kb/search?q=${encodeURIComponent(q)}&language=${language}&limit=10`, headers: { authorization: `Bearer ${agent.token}` },
          index: KB_INDEX, request: kbSearchRequest({ text: q, language, includeInternal: true, limit: 10 }),
        })),
      },
    ];

    // The KB queries must find something, else the lanes would time empty searches.
    const kbMatches: number[] = [];
    for (const [i, c] of lanes[2]!.calls.entries()) {
      const result = await search.engine.search(c.index, c.request);
      kbMatches.push(result.estimatedTotal);
      log(`  "${KB_QUERIES[i]!.q}" (${KB_QUERIES[i]!.language}): ~${formatInt(result.estimatedTotal)} matches, first: ${String(result.hits[0]?.document[`title_${KB_QUERIES[i]!.language}`] ?? '-')}`);
    }
    if (kbMatches.filter((n) => n === 0).length > KB_QUERIES.length / 4) throw new Error('too many KB queries find nothing: the generated articles and the queries do not fit');

    const rows: string[][] = [];
    for (const lane of lanes) {
      log(`measuring ${lane.name}`);
      const gateway: number[] = [];
      const direct: number[] = [];
      for (let i = 0; i < WARMUP + REQUESTS; i++) {
        const call = lane.calls[i % lane.calls.length]!;
        // Alternate which side goes first so neither always gets the warmer cache.
        const sides = i % 2 === 0 ? (['gateway', 'direct'] as const) : (['direct', 'gateway'] as const);
        for (const side of sides) {
          const start = performance.now();
          if (side === 'gateway') {
            const res = await fetch(call.url, { headers: call.headers });
            if (res.status !== 200) throw new Error(`gateway ${call.url}: ${res.status} ${await res.text()}`);
            await res.arrayBuffer();
          } else {
            await search.engine.search(call.index, call.request);
          }
          const ms = performance.now() - start;
          if (i >= WARMUP) (side === 'gateway' ? gateway : direct).push(ms);
        }
      }
      const g = summarize(gateway);
      const d = summarize(direct);
      rows.push([lane.name, 'gateway', formatMs(g.p50), formatMs(g.p99), formatMs(g.mean)]);
      rows.push([lane.name, 'Meilisearch direct', formatMs(d.p50), formatMs(d.p99), formatMs(d.mean)]);
      rows.push([lane.name, '**overhead**', formatMs(g.p50 - d.p50), formatMs(g.p99 - d.p99), formatMs(g.mean - d.mean)]);
    }
    load.after = loadAverage();
    const table = markdownTable(['search', 'path', 'p50 ms', 'p99 ms', 'mean ms'], rows);
    const body = [
      '## Search (bench:search)',
      '',
      machineLines(machineInfo(bench.serverVersion), load, args.note),
      '',
      `Embedded Meilisearch 1.21. **${formatInt(ticketDocs)} tickets**: seeded with COPY in ${seconds(ticketSeedMs)}, ticket index built ` +
        `in **${seconds(ticketIndexMs)}** (services/search/ticket-reindex.ts). **${formatInt(ARTICLES)} KB articles** (generated in SQL: ` +
        `${formatInt(kb.translations)} English/German translations, ${formatInt(kb.published)} published, ~12 % internal, ~5 % tutorials) ` +
        `in ${seconds(kb.ms)}, KB index of ${formatInt(kbDocs)} published translations built in **${seconds(kbIndexMs)}** ` +
        `(services/kb/kb-reindex.ts, vectors: ${REAL_VECTORS ? `real, ${embedder.id}` : 'stand-in'}).${modelNote}`,
      '',
      `${formatInt(REQUESTS)} sequential requests per side and lane after ${WARMUP} warm-up. Tickets: ${TICKET_QUERIES.length} queries in ` +
        'rotation (typos, filters, an empty browse query), facets and highlights on. KB: ' +
        `${KB_QUERIES.length} English and German queries (typos, question phrasing; public lane: ${formatInt(Math.min(...kbMatches))}–${formatInt(Math.max(...kbMatches))} matches each, counted up to the index's 1,000), ` +
        'keyword search, highlights and snippets, 10 hits. ' +
        '"Direct" sends the identical engine request (ticketSearchRequest / kbSearchRequest) through the Meilisearch client; ' +
        '"overhead" (gateway minus direct, per statistic; a difference of two noisy p99 tails can come out negative) is HTTP, ' +
        'session auth, validation, scope and response shaping.',
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
