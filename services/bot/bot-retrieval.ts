import { bestPassage, splitSentences } from '../../core/bot/bot-scoring';
import { keywordQuery } from '../../core/bot/question-keywords';
import { cosineSimilarity, type TextEmbedder } from '../embeddings/text-embedder';
import { searchKnowledgeBase } from '../kb/kb-search.service';
import type { SearchEngine } from '../search/search-engine';

export type KbHit = Awaited<ReturnType<typeof searchKnowledgeBase>>[number];

/** Articles a reply considers and re-ranks: a few more than it links, so re-ranking can lift one from below. */
const HIT_LIMIT = 8;
/** Sentences of an article embedded for the passage; the rest of a long article is rarely the answer to a chat question. */
const MAX_SENTENCES = 80;
/** Articles whose sentence vectors stay in memory (a KB's frequently asked articles). */
const CACHE_SIZE = 300;

const sentenceCache = new Map<string, { sentences: string[]; vectors: number[][] }>();

/** Sentence vectors of one article version, computed once per process (the text is part of the key). */
async function sentenceVectors(embedder: TextEmbedder, hit: KbHit): Promise<{ sentences: string[]; vectors: number[][] }> {
  const key = `${embedder.id}:${hit.articleId}:${hit.language}:${hit.text.length}:${hit.text.slice(0, 64)}:${hit.text.slice(-64)}`;
  const cached = sentenceCache.get(key);
  if (cached) {
    sentenceCache.delete(key); // re-insert: the Map's order is the LRU order
    sentenceCache.set(key, cached);
    return cached;
  }
  const sentences = splitSentences(hit.text).slice(0, MAX_SENTENCES);
  const entry = { sentences, vectors: sentences.length ? await embedder.embed(sentences) : [] };
  sentenceCache.set(key, entry);
  if (sentenceCache.size > CACHE_SIZE) sentenceCache.delete(sentenceCache.keys().next().value!);
  return entry;
}

/** The window of the article's text most similar to the question (cosine on sentence embeddings). */
export async function passageFor(embedder: TextEmbedder, hit: KbHit, questionVector: readonly number[]): Promise<{ text: string; similarity: number } | null> {
  const { sentences, vectors } = await sentenceVectors(embedder, hit);
  const best = bestPassage(sentences, vectors.map((v) => cosineSimilarity(questionVector, v)));
  return best && { text: best.passage, similarity: best.similarity };
}

const titleCache = new Map<string, number[]>();
async function titleVector(embedder: TextEmbedder, title: string): Promise<number[]> {
  const key = `${embedder.id}:${title}`;
  let v = titleCache.get(key);
  if (!v) {
    v = (await embedder.embed([title]))[0]!;
    titleCache.set(key, v);
    if (titleCache.size > CACHE_SIZE) titleCache.delete(titleCache.keys().next().value!);
  }
  return v;
}

/** A search hit with the engine's relevance, how well its best passage (or title) fits, and the blend it is ranked by. */
export type RankedHit = KbHit & { relevance: number; passage: string | null; passageSimilarity: number };

/**
 * Public articles for a question: Meilisearch hybrid search (the question's content words blended with its vector
 * by `semanticRatio`; 0 = keywords only), then re-ranked by blending in how close each article's best sentence
 * window (or its title) is to the question; `score` is that blend. The top hit's passage is the answer.
 */
export async function retrieve(
  deps: { engine: SearchEngine; embedder: TextEmbedder },
  q: { text: string; language: string; vector: number[]; semanticRatio: number; rerankWeight: number; limit?: number },
): Promise<RankedHit[]> {
  const found = await searchKnowledgeBase(deps.engine, {
    text: keywordQuery(q.text, q.language), language: q.language, includeInternal: false, limit: q.limit ?? HIT_LIMIT,
    ...(q.semanticRatio > 0 && { vector: q.vector, semanticRatio: q.semanticRatio }),
  });
  // One entry per article (the index holds one document per translation; the language filter makes this a no-op today).
  const seen = new Set<number>();
  const hits = found.filter((h) => !seen.has(h.articleId) && seen.add(h.articleId));
  const ranked: RankedHit[] = [];
  for (const h of hits) {
    const passage = await passageFor(deps.embedder, h, q.vector);
    const titleSimilarity = cosineSimilarity(q.vector, await titleVector(deps.embedder, h.title));
    const passageSimilarity = Math.max(passage?.similarity ?? 0, titleSimilarity);
    ranked.push({ ...h, relevance: h.score, passage: passage?.text ?? null, passageSimilarity, score: (1 - q.rerankWeight) * h.score + q.rerankWeight * passageSimilarity });
  }
  return ranked.sort((a, b) => b.score - a.score);
}
