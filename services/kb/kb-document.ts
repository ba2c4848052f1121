import { firstWords } from '../../core/kb';
import type { Queryable } from '../../db/knex';
import type { TextEmbedder } from '../embeddings/text-embedder';
import type { SearchDocument } from '../search/search-engine';
import { KB_EMBEDDER, textAttribute, titleAttribute } from './kb-index.settings';

/**
 * One published translation as the index stores it: id `<articleId>-<language>`, the per-language title and
 * plain text, filters, and the sentence vector of title + first words (hybrid search, the chatbot).
 */
export type KbDocument = SearchDocument & {
  id: string; articleId: number; language: string; kind: string; visibility: string; sectionId: number; categoryId: number;
  slug: string; updatedAt: number; viewCount: number; _vectors: Record<string, number[]>;
} & Record<string, unknown>;

/** Indexed text per document is capped (long manuals): the engine indexes the start anyway. */
const MAX_TEXT = 100_000;
/** What the sentence embedder sees: the title and about the first 500 words. */
const EMBED_WORDS = 500;

type Row = {
  article_id: number; language: string; title: string; slug: string; body_text: string; kind: string; visibility: string;
  section_id: number; category_id: number; updated_at: Date; view_count: number;
};

const SELECT = `
  SELECT t.article_id, t.language, t.title, t.slug, left(t.body_text, ${MAX_TEXT}) AS body_text, a.kind, a.visibility, a.section_id,
         s.category_id, greatest(t.updated_at, a.updated_at) AS updated_at, a.view_count
    FROM kb_article_translations t JOIN kb_articles a ON a.id = t.article_id JOIN kb_sections s ON s.id = a.section_id
   WHERE t.state = 'published'`;

export const kbDocumentId = (articleId: number, language: string) => `${articleId}-${language}`;

async function toDocuments(rows: Row[], embedder: TextEmbedder): Promise<KbDocument[]> {
  const vectors = await embedder.embed(rows.map((r) => `${r.title}\n${firstWords(r.body_text, EMBED_WORDS)}`));
  return rows.map((r, i) => ({
    id: kbDocumentId(Number(r.article_id), r.language),
    articleId: Number(r.article_id),
    language: r.language,
    kind: r.kind,
    visibility: r.visibility,
    sectionId: Number(r.section_id),
    categoryId: Number(r.category_id),
    slug: r.slug,
    [titleAttribute(r.language)]: r.title,
    [textAttribute(r.language)]: r.body_text,
    updatedAt: r.updated_at.getTime(),
    viewCount: Number(r.view_count),
    _vectors: { [KB_EMBEDDER]: vectors[i]! },
  }));
}

/** Documents of these articles' published translations as they are now; unpublished or deleted ones are absent. */
export async function loadKbDocuments(db: Queryable, embedder: TextEmbedder, articleIds: number[]): Promise<KbDocument[]> {
  if (!articleIds.length) return [];
  const { rows } = await db.raw<{ rows: Row[] }>(`${SELECT} AND t.article_id = ANY(?::bigint[]) ORDER BY t.article_id, t.language`, [articleIds]);
  return toDocuments(rows, embedder);
}

/** One keyset page by article id (full reindex): every published translation of up to `limit` articles. */
export async function loadKbDocumentPage(db: Queryable, embedder: TextEmbedder, afterArticleId: number, limit: number): Promise<{ docs: KbDocument[]; lastArticleId: number | null; articleCount: number }> {
  const ids = (await db('kb_articles').where('id', '>', afterArticleId).orderBy('id').limit(limit).pluck('id')) as number[];
  if (!ids.length) return { docs: [], lastArticleId: null, articleCount: 0 };
  return { docs: await loadKbDocuments(db, embedder, ids.map(Number)), lastArticleId: Number(ids.at(-1)), articleCount: ids.length };
}
