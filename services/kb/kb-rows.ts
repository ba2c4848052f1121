import type { KbLanguage, KbKind, KbState, KbVisibility } from '../../core/kb';
import type { KbArticleSummary, KbCategory, KbSection, KbTranslation, TutorialStep } from '../../core/schemas/kb.schema';
import type { Queryable } from '../../db/knex';

/** Database rows of the knowledge base tables and their API views (camelCase shapes of the contract). */
export type NameMap = Partial<Record<KbLanguage, { name: string; description: string }>>;

export type KbCategoryRow = {
  id: number; slug: string; position: number; translations: NameMap; version: number; created_at: Date; updated_at: Date;
};
export type KbSectionRow = KbCategoryRow & { category_id: number };
export type KbArticleRow = {
  id: number; section_id: number; kind: KbKind; visibility: KbVisibility; view_count: string | number; helpful_yes: number; helpful_no: number;
  created_by: number | null; version: number; created_at: Date; updated_at: Date;
};
export type KbTranslationRow = {
  id: number; article_id: number; language: KbLanguage; title: string; slug: string; body_html: string; body_text: string;
  steps: TutorialStep[] | null; state: KbState; revision: number; published_at: Date | null; author_id: number | null;
  file_ids: (string | number)[]; created_at: Date; updated_at: Date;
};

export const categoryView = (r: KbCategoryRow): KbCategory => ({
  id: Number(r.id), slug: r.slug, position: r.position, translations: r.translations as KbCategory['translations'], version: r.version,
  createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

export const sectionView = (r: KbSectionRow): KbSection => ({ ...categoryView(r), categoryId: Number(r.category_id) });

export const translationView = (r: KbTranslationRow): KbTranslation => ({
  articleId: Number(r.article_id), language: r.language, title: r.title, slug: r.slug, bodyHtml: r.body_html, steps: r.steps,
  state: r.state, revision: r.revision, publishedAt: r.published_at?.toISOString() ?? null, updatedAt: r.updated_at.toISOString(),
  authorId: r.author_id === null ? null : Number(r.author_id),
});

/** Name of a category or section in `language`, else English, else any. */
export function localName(map: NameMap, language: string): { name: string; description: string } {
  const m = map as Record<string, { name: string; description: string }>;
  return m[language] ?? m.en ?? Object.values(m)[0] ?? { name: '', description: '' };
}

/** Summaries of these articles (translations and related ids included), in the order given. */
export async function articleSummaries(db: Queryable, rows: KbArticleRow[]): Promise<KbArticleSummary[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const translations = (await db('kb_article_translations')
    .whereIn('article_id', ids)
    .orderBy(['article_id', 'language'])
    .select('article_id', 'language', 'title', 'slug', 'state', 'revision', 'published_at', 'updated_at')) as KbTranslationRow[];
  const related = (await db('kb_article_related').whereIn('article_id', ids).orderBy(['article_id', 'position'])
    .select('article_id', 'related_id')) as { article_id: string; related_id: string }[];
  return rows.map((r) => {
    const id = Number(r.id);
    return {
      id, sectionId: Number(r.section_id), kind: r.kind, visibility: r.visibility,
      relatedIds: related.filter((x) => Number(x.article_id) === id).map((x) => Number(x.related_id)),
      viewCount: Number(r.view_count), helpful: { yes: r.helpful_yes, no: r.helpful_no }, version: r.version,
      createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
      translations: translations.filter((t) => Number(t.article_id) === id).map((t) => ({
        language: t.language, title: t.title, slug: t.slug, state: t.state, revision: t.revision,
        publishedAt: t.published_at?.toISOString() ?? null, updatedAt: t.updated_at.toISOString(),
      })),
    };
  });
}
