import { BOT_TUNING, answerConfidence, classifyIntent, decideReply, type BotTuning } from '../../core/bot/bot-scoring';
import type { BotReply } from '../../core/schemas/bot.schema';
import { cosineSimilarity, type TextEmbedder } from '../embeddings/text-embedder';
import { searchKnowledgeBase } from '../kb/kb-search.service';
import type { SearchEngine } from '../search/search-engine';
import type { TrainedIntent } from './bot-intents.service';
import { passageFor, retrieve, type KbHit, type RankedHit } from './bot-retrieval';
import { botTexts } from './bot-texts';

export type AnswerDeps = { engine: SearchEngine; embedder: TextEmbedder };

/** A reply plus what the bench and the conversation need to know about how it was reached. */
export type Answer = { reply: BotReply; intent: TrainedIntent | null; hits: RankedHit[] };

const articleLink = (h: KbHit) => ({ articleId: h.articleId, title: h.title, url: h.url, score: round(h.score) });
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * One question in, one reply out, without storing anything: intents first (an admin's phrasing wins), then the
 * knowledge base. Actions (ticket status, handover) are carried out by the caller, which knows the customer.
 */
export async function answerQuestion(
  deps: AnswerDeps,
  q: { text: string; language: string; intents: readonly TrainedIntent[]; tuning?: BotTuning },
): Promise<Answer> {
  const tuning = q.tuning ?? BOT_TUNING;
  const t = botTexts(q.language);
  const [vector] = await deps.embedder.embed([q.text]);
  const matched = classifyIntent(vector!, q.intents, cosineSimilarity, tuning.intentThreshold);
  const intent = matched ? q.intents.find((i) => i.id === matched.intentId)! : null;
  if (intent) {
    return {
      intent, hits: [],
      reply: {
        kind: 'intent', text: intent.answer, passage: null, articles: [], options: [],
        offerHuman: intent.action === 'handover', confidence: round(matched!.score),
      },
    };
  }
  const hits = await retrieve(deps, { text: q.text, language: q.language, vector: vector!, semanticRatio: tuning.semanticRatio, rerankWeight: tuning.rerankWeight });
  const decision = decideReply(hits, tuning);
  const confidence = round(decision.confidence);
  if (decision.kind === 'no_answer') {
    return {
      intent: null, hits,
      reply: { kind: 'no_answer', text: t.noAnswer, passage: null, articles: hits.slice(0, 3).map(articleLink), options: [], offerHuman: true, confidence },
    };
  }
  if (decision.kind === 'clarify') {
    const options = decision.options.map((o) => ({ label: o.title, articleId: o.articleId }));
    return {
      intent: null, hits,
      reply: {
        kind: 'clarify', text: t.clarify, passage: null, confidence, offerHuman: false,
        articles: hits.filter((h) => options.some((o) => o.articleId === h.articleId)).map(articleLink), options,
      },
    };
  }
  const top = hits[0]!;
  return {
    intent: null, hits,
    reply: {
      kind: 'answer', text: t.answer(top.title), passage: top.passage, articles: hits.slice(0, 3).map(articleLink), options: [],
      offerHuman: false, confidence,
    },
  };
}

/** The customer picked an option of a clarifying question: answer from that article, whatever its score. */
export async function answerFromArticle(deps: AnswerDeps, q: { question: string; title: string; articleId: number; language: string }): Promise<BotReply | null> {
  const found = await searchKnowledgeBase(deps.engine, { text: q.title, language: q.language, includeInternal: false, limit: 10 });
  const hit = found.find((h) => h.articleId === q.articleId);
  if (!hit) return null;
  const [vector] = await deps.embedder.embed([q.question]);
  const passage = await passageFor(deps.embedder, hit, vector!);
  return {
    kind: 'answer', text: botTexts(q.language).answer(hit.title), passage: passage?.text ?? null, articles: [articleLink(hit)], options: [],
    offerHuman: false, confidence: round(answerConfidence(hit.score, passage?.similarity ?? null)),
  };
}
