/**
 * `npm run bench:bot`: the chatbot's retrieval quality and answer latency. Seeds the demo knowledge base
 * (services/seed/kb-articles.data.ts) into a fresh database and the embedded Meilisearch, then runs every labelled
 * question of bench/fixtures/bot-questions.json through the bot's answer service (embedding, hybrid search, passage
 * selection, reply decision) with keywords only and with hybrid search, side by side in the same run, plus a sweep
 * of semantic ratios that shows where BOT_TUNING.semanticRatio comes from. Writes its section of bench/README.md.
 * Options: --rounds N (timed passes per mode, default 3) --note "..." --no-readme
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config/config';
import { BOT_TUNING, type BotTuning } from '../core/bot/bot-scoring';
import { answerQuestion, type AnswerDeps } from '../services/bot/bot-answer.service';
import { sharedTextEmbedder } from '../services/embeddings/text-embedder';
import { reindexKbArticles } from '../services/kb/kb-reindex';
import { startSearch } from '../services/search/search-runtime';
import { KB_ARTICLES } from '../services/seed/kb-articles.data';
import { seedDemoIntents, seedKnowledgeBase } from '../services/seed/kb-seed';
import { trainedIntents, type TrainedIntent } from '../services/bot/bot-intents.service';
import { COMMON_OPTIONS, positiveInt } from './bench-args';
import { exitCodeOf, openBenchWorkspace } from './bench-database';
import { loadAverage, machineInfo, machineLines } from './machine-info';
import { updateReadmeSection } from './readme-file';
import { formatMs, markdownTable, summarize } from './report';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, ...COMMON_OPTIONS } });
const ROUNDS = positiveInt('rounds', args.rounds);
const log = (msg: string) => console.log(msg);

type Labelled = { q: string; expected: string };
const fixture = JSON.parse(readFileSync(new URL('./fixtures/bot-questions.json', import.meta.url), 'utf8')) as { questions: Labelled[]; unanswerable: string[]; intents: Labelled[] };

type ModeResult = {
  name: string; semanticRatio: number; top1: number; top3: number; latencies: number[];
  kinds: Record<string, number>; answeredRight: number; misses: string[];
  /** Unanswerable questions the bot wrongly answered or clarified instead of admitting it does not know. */
  falseAnswers: string[];
  /** Reply confidences of the labelled and of the unanswerable questions (first pass), for choosing the threshold. */
  confidences: { labelled: number[]; unanswerable: number[] };
};

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;

async function runMode(deps: AnswerDeps, name: string, tuning: BotTuning, expectedIds: Map<string, number>, rounds: number): Promise<ModeResult> {
  const r: ModeResult = { name, semanticRatio: tuning.semanticRatio, top1: 0, top3: 0, latencies: [], kinds: {}, answeredRight: 0, misses: [], falseAnswers: [], confidences: { labelled: [], unanswerable: [] } };
  for (let round = 0; round < rounds; round++) {
    for (const item of fixture.questions) {
      const t0 = performance.now();
      const { reply, hits } = await answerQuestion(deps, { text: item.q, language: 'en', intents: [], tuning });
      r.latencies.push(performance.now() - t0);
      if (round > 0) continue; // quality is deterministic: count it once
      const expected = expectedIds.get(item.expected)!;
      const ids = hits.map((h) => h.articleId);
      if (ids[0] === expected) r.top1++;
      else r.misses.push(`"${item.q}" → ${hits[0]?.title ?? 'nothing'} (expected ${KB_ARTICLES.find((a) => a.key === item.expected)!.title})`);
      if (ids.slice(0, 3).includes(expected)) r.top3++;
      r.kinds[reply.kind] = (r.kinds[reply.kind] ?? 0) + 1;
      r.confidences.labelled.push(reply.confidence);
      if (reply.kind === 'answer' && reply.articles[0]?.articleId === expected) r.answeredRight++;
    }
    if (round > 0) continue;
    for (const q of fixture.unanswerable) {
      const { reply } = await answerQuestion(deps, { text: q, language: 'en', intents: [], tuning });
      r.confidences.unanswerable.push(reply.confidence);
      if (reply.kind !== 'no_answer') r.falseAnswers.push(`"${q}" → ${reply.kind} ${reply.articles[0]?.title ?? ''} (confidence ${reply.confidence})`);
    }
  }
  return r;
}

/** The intent classifier on the demo intents: paraphrases must match their intent, knowledge base questions none. */
async function intentQuality(deps: AnswerDeps, intents: TrainedIntent[]): Promise<{ right: number; wrongOrMissed: string[]; falseMatches: string[] }> {
  const out = { right: 0, wrongOrMissed: [] as string[], falseMatches: [] as string[] };
  for (const item of fixture.intents) {
    const { intent, reply } = await answerQuestion(deps, { text: item.q, language: 'en', intents });
    if (intent?.name === item.expected) out.right++;
    else out.wrongOrMissed.push(`"${item.q}" → ${intent?.name ?? reply.kind} (expected ${item.expected})`);
  }
  for (const item of fixture.questions) {
    const { intent } = await answerQuestion(deps, { text: item.q, language: 'en', intents });
    if (intent) out.falseMatches.push(`"${item.q}" → ${intent.name}`);
  }
  return out;
}

async function main(): Promise<number> {
  const load = { before: loadAverage(), after: '' };
  const ws = await openBenchWorkspace({ serverUrl: process.env.DATABASE_URL, poolMax: 5, prefix: 'bot', log });
  try {
    const config = loadConfig({ LANTERN_DATA_DIR: ws.dataDir, LANTERN_LOG_LEVEL: 'silent' });
    const search = await startSearch({ config, logger: pino({ level: 'silent' }) });
    ws.onClose(search.stop);
    const seeded = await seedKnowledgeBase(ws.bench.db);
    const { indexed } = await reindexKbArticles({ db: ws.bench.db, engine: search.engine });
    log(`seeded and indexed ${indexed} article translations; ${fixture.questions.length} labelled questions`);
    for (const q of fixture.questions) if (!seeded.articleIds.has(q.expected)) throw new Error(`fixture names unknown article "${q.expected}"`);
    const deps: AnswerDeps = { engine: search.engine, embedder: await sharedTextEmbedder() };
    await seedDemoIntents(ws.bench.db);
    const intents = await intentQuality(deps, await trainedIntents(ws.bench.db, 'en', deps.embedder.id));
    // Warm-up: model load, engine caches, passage sentence vectors of the articles the questions reach.
    await runMode(deps, 'warm-up', { ...BOT_TUNING, semanticRatio: 0.5 }, seeded.articleIds, 1);

    const keyword = await runMode(deps, 'keywords only', { ...BOT_TUNING, semanticRatio: 0 }, seeded.articleIds, ROUNDS);
    const hybrid = await runMode(deps, `hybrid (semanticRatio ${BOT_TUNING.semanticRatio})`, BOT_TUNING, seeded.articleIds, ROUNDS);
    const sweep: ModeResult[] = [];
    for (const ratio of [0.25, 0.5, 0.75, 0.9, 1]) {
      sweep.push(await runMode(deps, `ratio ${ratio}`, { ...BOT_TUNING, semanticRatio: ratio }, seeded.articleIds, 1));
    }
    const rerankSweep: Array<ModeResult & { rerankWeight: number }> = [];
    for (const weight of [0, 0.15, 0.3, 0.45, 0.6]) {
      rerankSweep.push({ ...(await runMode(deps, `rerank ${weight}`, { ...BOT_TUNING, rerankWeight: weight }, seeded.articleIds, 1)), rerankWeight: weight });
    }
    load.after = loadAverage();

    const n = fixture.questions.length;
    const u = fixture.unanswerable.length;
    const row = (m: ModeResult) => {
      const s = summarize(m.latencies);
      return [m.name, pct(m.top1, n), pct(m.top3, n), pct(m.answeredRight, n), `${m.kinds.answer ?? 0} / ${m.kinds.clarify ?? 0} / ${m.kinds.no_answer ?? 0}`,
        `${u - m.falseAnswers.length} / ${u}`, formatMs(s.p50), formatMs(s.p99)];
    };
    const main = markdownTable(['retrieval', 'top-1', 'top-3', 'answered with the right article', 'answer / clarify / no answer', 'unanswerable → "not sure"', 'p50 ms', 'p99 ms'], [row(keyword), row(hybrid)]);
    const sweepTable = markdownTable(['semanticRatio', 'top-1', 'top-3', 'answered right', 'answer / clarify / no answer', 'unanswerable → "not sure"'],
      sweep.map((m) => [String(m.semanticRatio), pct(m.top1, n), pct(m.top3, n), pct(m.answeredRight, n), `${m.kinds.answer ?? 0} / ${m.kinds.clarify ?? 0} / ${m.kinds.no_answer ?? 0}`, `${u - m.falseAnswers.length} / ${u}`]));
    const rerankTable = markdownTable(['rerankWeight', 'top-1', 'top-3', 'answered right', 'answer / clarify / no answer', 'unanswerable → "not sure"'],
      rerankSweep.map((m) => [String(m.rerankWeight), pct(m.top1, n), pct(m.top3, n), pct(m.answeredRight, n), `${m.kinds.answer ?? 0} / ${m.kinds.clarify ?? 0} / ${m.kinds.no_answer ?? 0}`, `${u - m.falseAnswers.length} / ${u}`]));
    const spread = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return `min ${s[0]}, p10 ${s[Math.floor(s.length * 0.1)]}, median ${s[Math.floor(s.length / 2)]}, max ${s[s.length - 1]}`; };
    const confidenceLine = `Confidence (hybrid): labelled questions ${spread(hybrid.confidences.labelled)}; unanswerable ${spread(hybrid.confidences.unanswerable)}; threshold ${BOT_TUNING.answerThreshold}.`;
    console.log(confidenceLine);
    console.log(`intents: ${intents.right}/${fixture.intents.length}; missed ${intents.wrongOrMissed.join(' | ')}; false ${intents.falseMatches.join(' | ')}`);
    const body = [
      '## Chatbot retrieval (bench:bot)',
      '',
      machineLines(machineInfo(ws.bench.serverVersion), load, args.note),
      '',
      `${KB_ARTICLES.filter((a) => (a.visibility ?? 'public') === 'public').length} public demo articles (services/seed/kb-articles.data.ts), ${n} labelled questions ` +
        '(bench/fixtures/bot-questions.json: paraphrases, typos, chatty phrasing) through the bot\'s answer service: question embedding ' +
        '(Universal Sentence Encoder lite), Meilisearch 1.21 search, best-passage selection, reply decision. Top-1/top-3: the expected article ' +
        'is the first / among the first three results. "Answered with the right article": the bot answered (no clarifying question, ' +
        `confident enough) and its first link is the expected article. "Keywords only" is the same pipeline with semanticRatio 0 (the question\'s content words, re-ranking by passage similarity still on). Latency over ${ROUNDS} timed passes after a warm-up pass ` +
        '(sentence vectors of the articles are cached per process), one question at a time.',
      '',
      main,
      '',
      confidenceLine,
      '',
      `Intents (the ${fixture.intents.length} paraphrases of the 3 demo intents in the fixture, threshold ${BOT_TUNING.intentThreshold}): ` +
        `${intents.right} / ${fixture.intents.length} matched their intent; ${intents.falseMatches.length} of the ${n} knowledge base questions wrongly matched an intent.` +
        (intents.wrongOrMissed.length ? ` Missed: ${intents.wrongOrMissed.join('; ')}.` : '') + (intents.falseMatches.length ? ` False matches: ${intents.falseMatches.join('; ')}.` : ''),
      '',
      'Semantic ratio sweep (one pass each; the hybrid row above uses BOT_TUNING.semanticRatio in core/bot/bot-scoring.ts):',
      '',
      sweepTable,
      '',
      `Re-ranking sweep (semanticRatio ${BOT_TUNING.semanticRatio}; weight of the best sentence/title similarity against the engine score; 0 = the engine's order; the hybrid row uses BOT_TUNING.rerankWeight ${BOT_TUNING.rerankWeight}):`,
      '',
      rerankTable,
      '',
      `Hybrid misses at top-1 (${hybrid.misses.length}):`,
      '',
      ...hybrid.misses.map((m) => `- ${m}`),
      ...(hybrid.falseAnswers.length ? ['', 'Unanswerable questions the hybrid bot did not admit:', '', ...hybrid.falseAnswers.map((m) => `- ${m}`)] : []),
    ].join('\n');
    console.log(`\n${main}\n\n${sweepTable}\n\n${rerankTable}\n\nhybrid misses:\n${hybrid.misses.join('\n')}\n\nfalse answers:\n${hybrid.falseAnswers.join('\n')}\n\nkeyword misses:\n${keyword.misses.join('\n')}`);
    if (!args['no-readme']) log(`\nwrote ${updateReadmeSection('bot', body)}`);
    return 0;
  } finally {
    await ws.close();
  }
}

const code = await exitCodeOf(main());
if (code !== undefined) process.exit(code);
