import { LanternError } from '../../core/errors';
import { articleUrl, isKbLanguage, KB_ENGINE_LOCALES, type KbKind, type KbVisibility } from '../../core/kb';
import type { KbSearchHit } from '../../core/schemas/kb.schema';
import { SearchUnavailableError, type SearchEngine, type SearchRequest, type SearchResult } from '../search/search-engine';
import { KB_EMBEDDER, KB_INDEX, textAttribute, titleAttribute } from './kb-index.settings';

// Private-use characters as highlight tags: the text is HTML-escaped first, then they become <mark> (like tickets).
const PRE = '\uE000';
const POST = '\uE001';
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escaped text with `<mark>` around matches: safe to insert as HTML whatever the article text contains. */
export const markedHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replaceAll(PRE, '<mark>').replaceAll(POST, '</mark>');

export type KbSearchQuery = {
  text: string;
  language: string;
  /** Staff with kb:read_internal: internal articles too. Never true for public callers. */
  includeInternal: boolean;
  limit: number;
  offset?: number;
  /** The query's sentence vector (sharedTextEmbedder): blends vector similarity into the ranking (hybrid search). */
  vector?: number[];
  /** 0 keywords only … 1 vectors only; default 0.5 when a vector is given. */
  semanticRatio?: number;
};

export type KbSearchResultHit = KbSearchHit & { score: number; text: string };

const kbSearchUnavailable = (reason: string) => new LanternError(
  'unavailable', `Knowledge base search is temporarily unavailable (${reason}). Try again shortly.`, { retryAfterSeconds: 5 },
);

/** The engine request: the language's attributes only, published documents of that language, public ones unless staff. */
export function kbSearchRequest(q: KbSearchQuery): SearchRequest {
  const title = titleAttribute(q.language);
  const text = textAttribute(q.language);
  // Language values are checked against KB_LANGUAGES before they get here; quoting keeps the filter well-formed anyway.
  const filter = [`language = ${JSON.stringify(q.language)}`, ...(q.includeInternal ? [] : ['visibility = "public"'])].join(' AND ');
  return {
    q: q.text,
    filter,
    // No attributesToSearchOn: a document only carries its own language's attributes, and the engine refuses
    // attributes no document has yet (a language with nothing indexed would fail instead of finding nothing).
    retrieve: ['articleId', 'language', 'kind', 'visibility', 'slug', title, text],
    highlight: [title, text],
    crop: [text],
    limit: q.limit,
    offset: q.offset ?? 0,
    preTag: PRE,
    postTag: POST,
    withScore: true,
    ...(isKbLanguage(q.language) && KB_ENGINE_LOCALES[q.language] && { locales: [KB_ENGINE_LOCALES[q.language]!] }),
    ...(q.vector && { hybrid: { embedder: KB_EMBEDDER, semanticRatio: q.semanticRatio ?? 0.5, vector: q.vector } }),
  };
}

async function run(engine: SearchEngine | undefined, request: SearchRequest): Promise<SearchResult> {
  if (!engine) throw kbSearchUnavailable('no search engine is configured in this process');
  try {
    return await engine.search(KB_INDEX, request);
  } catch (err) {
    if (err instanceof SearchUnavailableError) throw kbSearchUnavailable('the search engine cannot be reached');
    throw err;
  }
}

/**
 * Search published translations in one language (help center, staff, the chatbot). Hits carry the HTML-escaped,
 * highlighted title and snippet, the engine's 0..1 relevance score and the indexed plain text (the bot picks its
 * passage from it). Internal articles only with `includeInternal`.
 */
export async function searchKnowledgeBaseWithTotal(engine: SearchEngine | undefined, q: KbSearchQuery): Promise<{ hits: KbSearchResultHit[]; estimatedTotal: number }> {
  // Only KB languages have attributes in the index; another language simply has no articles.
  if (!isKbLanguage(q.language)) return { hits: [], estimatedTotal: 0 };
  const result = await run(engine, kbSearchRequest(q));
  const title = titleAttribute(q.language);
  const text = textAttribute(q.language);
  const hits = result.hits.map((h) => {
    const d = h.document;
    const f = h.formatted as Record<string, string | undefined>;
    const articleId = Number(d.articleId);
    const plainTitle = String(d[title] ?? '');
    return {
      articleId,
      language: String(d.language),
      title: plainTitle,
      titleHtml: markedHtml(f[title] ?? plainTitle),
      snippetHtml: markedHtml(f[text] ?? ''),
      kind: d.kind as KbKind,
      visibility: d.visibility as KbVisibility,
      url: articleUrl(String(d.language), articleId, String(d.slug)),
      score: h.score ?? 0,
      text: String(d[text] ?? ''),
    };
  });
  return { hits, estimatedTotal: result.estimatedTotal };
}

/** The bot's entry point (contract §1): hits with `score` and `text`. */
export async function searchKnowledgeBase(engine: SearchEngine, q: {
  text: string; language: string; includeInternal: boolean; limit: number; vector?: number[]; semanticRatio?: number;
}): Promise<KbSearchResultHit[]> {
  return (await searchKnowledgeBaseWithTotal(engine, q)).hits;
}
