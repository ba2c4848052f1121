import { notFound } from '../../core/errors';
import { articleUrl, type KbKind } from '../../core/kb';
import type { PublicArticle } from '../../core/schemas/kb.schema';
import type { Queryable } from '../../db/knex';
import { localName, type KbArticleRow, type KbCategoryRow, type KbSectionRow, type KbTranslationRow } from './kb-rows';

/**
 * The help center's read side (public JSON routes): published translations only; internal articles only for
 * callers with kb:read_internal. Anything else is a 404, so drafts and internal ids cannot be probed.
 */
export async function findVisiblePublished(
  db: Queryable, articleId: number, language: string, canReadInternal: boolean,
): Promise<{ article: KbArticleRow; translation: KbTranslationRow }> {
  const article = (await db('kb_articles').where({ id: articleId }).first()) as KbArticleRow | undefined;
  const translation = article && (article.visibility === 'public' || canReadInternal)
    ? ((await db('kb_article_translations').where({ article_id: articleId, language, state: 'published' }).first()) as KbTranslationRow | undefined)
    : undefined;
  if (!article || !translation) throw notFound(`Published ${language} help center article`, articleId);
  return { article, translation };
}

const visibility = (canReadInternal: boolean) => (canReadInternal ? ['public', 'internal'] : ['public']);

export async function helpCenterCategories(db: Queryable, language: string, canReadInternal: boolean) {
  const categories = (await db('kb_categories').orderBy(['position', 'id'])) as KbCategoryRow[];
  const sections = (await db('kb_sections').orderBy(['position', 'id'])) as KbSectionRow[];
  const counts = (await db('kb_articles as a')
    .join('kb_article_translations as t', 't.article_id', 'a.id')
    .where('t.language', language).where('t.state', 'published').whereIn('a.visibility', visibility(canReadInternal))
    .groupBy('a.section_id').select('a.section_id', db.raw('count(*)::int AS n'))) as { section_id: number; n: number }[];
  const countOf = new Map(counts.map((c) => [Number(c.section_id), c.n]));
  return {
    categories: categories.map((c) => ({
      id: Number(c.id), slug: c.slug, ...localName(c.translations, language),
      sections: sections.filter((s) => Number(s.category_id) === Number(c.id)).map((s) => ({
        id: Number(s.id), slug: s.slug, ...localName(s.translations, language), articleCount: countOf.get(Number(s.id)) ?? 0,
      })),
    })),
  };
}

export async function helpCenterSection(db: Queryable, language: string, sectionId: number, canReadInternal: boolean) {
  const section = (await db('kb_sections').where({ id: sectionId }).first()) as KbSectionRow | undefined;
  if (!section) throw notFound('Help center section', sectionId);
  const category = (await db('kb_categories').where({ id: section.category_id }).first()) as KbCategoryRow;
  const articles = (await db('kb_articles as a')
    .join('kb_article_translations as t', 't.article_id', 'a.id')
    .where('a.section_id', sectionId).where('t.language', language).where('t.state', 'published').whereIn('a.visibility', visibility(canReadInternal))
    .orderBy('a.id').select('a.id', 'a.kind', 't.title', 't.slug')) as { id: number; kind: KbKind; title: string; slug: string }[];
  return {
    section: {
      id: Number(section.id), slug: section.slug, ...localName(section.translations, language),
      categoryId: Number(section.category_id), categoryName: localName(category.translations, language).name,
    },
    articles: articles.map((a) => ({ id: Number(a.id), title: a.title, slug: a.slug, kind: a.kind, url: articleUrl(language, Number(a.id), a.slug) })),
  };
}

/** One published article for reading; counts a view (a counter, not audited: reads are not changes). */
export async function helpCenterArticle(db: Queryable, language: string, articleId: number, canReadInternal: boolean): Promise<PublicArticle> {
  const { article, translation } = await findVisiblePublished(db, articleId, language, canReadInternal);
  await db('kb_articles').where({ id: articleId }).increment('view_count', 1);
  const section = (await db('kb_sections').where({ id: article.section_id }).first()) as KbSectionRow;
  const category = (await db('kb_categories').where({ id: section.category_id }).first()) as KbCategoryRow;
  const related = (await db('kb_article_related as r')
    .join('kb_articles as a', 'a.id', 'r.related_id')
    .join('kb_article_translations as t', 't.article_id', 'a.id')
    .where('r.article_id', articleId).where('t.language', language).where('t.state', 'published').whereIn('a.visibility', visibility(canReadInternal))
    .orderBy('r.position').select('a.id', 't.title', 't.slug')) as { id: number; title: string; slug: string }[];
  const languages = (await db('kb_article_translations').where({ article_id: articleId, state: 'published' }).orderBy('language').pluck('language')) as string[];
  const updatedAt = translation.updated_at > article.updated_at ? translation.updated_at : article.updated_at;
  return {
    id: Number(article.id), language, title: translation.title, slug: translation.slug, kind: article.kind, bodyHtml: translation.body_html,
    steps: translation.steps,
    section: { id: Number(section.id), name: localName(section.translations, language).name },
    category: { id: Number(category.id), name: localName(category.translations, language).name },
    related: related.map((r) => ({ id: Number(r.id), title: r.title, slug: r.slug })),
    languages, updatedAt: updatedAt.toISOString(), url: articleUrl(language, Number(article.id), translation.slug),
  };
}
