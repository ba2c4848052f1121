/**
 * The chatbot's decisions as pure functions (docs/chatbot.md): which intent a message is, which passage of an
 * article answers it, and whether to answer, ask which article was meant, or admit it does not know. Vectors and
 * similarities come in from services/bot; nothing here does I/O, so the thresholds are tested by table.
 */

/** Tuned with `npm run bench:bot` on the seeded knowledge base and its labelled questions (bench/README.md). */
export const BOT_TUNING = {
  /** Hybrid search blend: 0 keyword only, 1 vectors only. */
  semanticRatio: 0.5,
  /** An intent matches when its score (see intentScore) reaches this. */
  intentThreshold: 0.65,
  /** Below this confidence the bot says it is unsure and offers a human. */
  answerThreshold: 0.55,
  /** Top results closer than this (in score) and about different articles: ask which one was meant. */
  clarifyMargin: 0.01,
  /** Clarify only when the runner-up is itself a plausible answer. */
  clarifyFloor: 0.6,
  /** Options offered in a clarifying question. */
  clarifyOptions: 3,
  /** Weight of the best passage's similarity against the engine's relevance score in the confidence. */
  passageWeight: 0.5,
  /** Weight of the best passage's (or title's) similarity when re-ranking the engine's hits. */
  rerankWeight: 0.3,
} as const;
export type BotTuning = { -readonly [K in keyof typeof BOT_TUNING]: number };

export type Similarity = (a: readonly number[], b: readonly number[]) => number;

export type IntentVectors = { id: number; vectors: readonly (readonly number[])[] };

/** The centroid (mean) of an intent's example vectors. */
export function centroid(vectors: readonly (readonly number[])[]): number[] {
  const first = vectors[0];
  if (!first) return [];
  const out = new Array<number>(first.length).fill(0);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i]! += v[i] ?? 0;
  return out.map((x) => x / vectors.length);
}

/**
 * How well a message fits an intent: mostly its nearest example (one close paraphrase is strong evidence), a
 * little the centroid (an intent whose examples all lean the message's way).
 */
export function intentScore(vector: readonly number[], intent: IntentVectors, similarity: Similarity): number {
  if (!intent.vectors.length) return 0;
  const nearest = Math.max(...intent.vectors.map((v) => similarity(vector, v)));
  return 0.7 * nearest + 0.3 * similarity(vector, centroid(intent.vectors));
}

/** The best intent at or above the threshold, or null ("trained locally": nearest neighbour plus centroid). */
export function classifyIntent(
  vector: readonly number[], intents: readonly IntentVectors[], similarity: Similarity, threshold: number = BOT_TUNING.intentThreshold,
): { intentId: number; score: number } | null {
  let best: { intentId: number; score: number } | null = null;
  for (const intent of intents) {
    const score = intentScore(vector, intent, similarity);
    if (score >= threshold && (!best || score > best.score)) best = { intentId: intent.id, score };
  }
  return best;
}

/** Sentences of an article's plain text; headings and list items without a full stop count as sentences too. */
export function splitSentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[A-Z0-9"'(])/))
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 1);
}

/** Character budget of a passage: a chat bubble, not a page. */
const PASSAGE_MAX_CHARS = 420;

/**
 * The window around the sentence most similar to the question: that sentence plus its neighbours while they fit
 * the budget, three sentences at most (the next one first, since instructions usually continue forward).
 */
export function bestPassage(sentences: readonly string[], similarities: readonly number[]): { passage: string; similarity: number } | null {
  if (!sentences.length || sentences.length !== similarities.length) return null;
  let best = 0;
  for (let i = 1; i < similarities.length; i++) if (similarities[i]! > similarities[best]!) best = i;
  let from = best;
  let to = best;
  let length = sentences[best]!.length;
  const fits = (i: number) => sentences[i] !== undefined && length + sentences[i]!.length + 1 <= PASSAGE_MAX_CHARS;
  // Up to three sentences: the next, the previous, and at the article's start the one after next.
  for (const i of [best + 1, best - 1, best + 2]) {
    if (to - from >= 2 || !fits(i) || (i !== from - 1 && i !== to + 1)) continue;
    length += sentences[i]!.length + 1;
    from = Math.min(from, i);
    to = Math.max(to, i);
  }
  const passage = sentences.slice(from, to + 1).join(' ');
  return { passage: passage.length > PASSAGE_MAX_CHARS ? `${passage.slice(0, PASSAGE_MAX_CHARS - 1).trimEnd()}…` : passage, similarity: similarities[best]! };
}

/** A search result as the decision sees it: `score` ranks, `relevance` is the engine's own 0..1 score. */
export type RankedArticle = { articleId: number; title: string; score: number; relevance: number; passageSimilarity: number | null };

export type ReplyDecision =
  | { kind: 'answer'; confidence: number }
  | { kind: 'clarify'; confidence: number; options: RankedArticle[] }
  | { kind: 'no_answer'; confidence: number };

/** How sure the bot is of the top article: the engine's relevance blended with how well its best passage fits. */
export function answerConfidence(relevance: number, passageSimilarity: number | null, tuning: BotTuning = BOT_TUNING): number {
  if (passageSimilarity === null) return relevance;
  const w = tuning.passageWeight;
  return Math.max(0, Math.min(1, (1 - w) * relevance + w * passageSimilarity));
}

/**
 * Answer, clarify or give up. `ranked` is the re-ranked search result, best first, one entry per article.
 * Clarify when other articles score within the margin of the top one (and are plausible answers themselves).
 */
export function decideReply(ranked: readonly RankedArticle[], tuning: BotTuning = BOT_TUNING): ReplyDecision {
  const top = ranked[0];
  if (!top) return { kind: 'no_answer', confidence: 0 };
  const confidence = answerConfidence(top.relevance, top.passageSimilarity, tuning);
  if (confidence < tuning.answerThreshold) return { kind: 'no_answer', confidence };
  const close = ranked.filter((r, i) => i === 0 || (r.articleId !== top.articleId && r.score >= tuning.clarifyFloor && top.score - r.score <= tuning.clarifyMargin));
  if (close.length > 1) return { kind: 'clarify', confidence, options: close.slice(0, tuning.clarifyOptions) };
  return { kind: 'answer', confidence };
}

/** The form unanswered questions are grouped by in the report: case, spacing and end punctuation do not matter. */
export function normalizeQuestion(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').replace(/[\s?!.]+$/, '').trim();
}

/** A reply's text that names a clarifying option picks it: "2", the title, or the title with different case. */
export function pickOption<T extends { label: string }>(text: string, options: readonly T[]): T | null {
  const t = normalizeQuestion(text);
  const n = Number(t);
  if (Number.isInteger(n) && n >= 1 && n <= options.length) return options[n - 1]!;
  return options.find((o) => normalizeQuestion(o.label) === t) ?? null;
}
