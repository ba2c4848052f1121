import type { Queryable } from '../../db/knex';

export type PublishedTranslation = { articleId: number; language: string; slug: string; updatedAt: string };

/**
 * Published translations of public articles — everything the help center may show and search engines may list
 * (the sitemap, and an article page's hreflang alternates when `articleId` is given). Internal articles and
 * drafts or archived translations never appear.
 */
export async function publishedPublicTranslations(db: Queryable, articleId?: number): Promise<PublishedTranslation[]> {
  const q = db('kb_article_translations as t')
    .join('kb_articles as a', 'a.id', 't.article_id')
    .where({ 't.state': 'published', 'a.visibility': 'public' })
    .orderBy([{ column: 't.article_id' }, { column: 't.language' }])
    .select('t.article_id', 't.language', 't.slug', 't.updated_at');
  if (articleId !== undefined) q.where('t.article_id', articleId);
  const rows = (await q) as Array<{ article_id: string | number; language: string; slug: string; updated_at: Date }>;
  return rows.map((r) => ({ articleId: Number(r.article_id), language: r.language, slug: r.slug, updatedAt: r.updated_at.toISOString() }));
}

/** Whether any public article is published in `language` (with none, a search cannot find anything). */
export async function hasPublishedPublicTranslation(db: Queryable, language: string): Promise<boolean> {
  const row = await db('kb_article_translations as t')
    .join('kb_articles as a', 'a.id', 't.article_id')
    .where({ 't.state': 'published', 't.language': language, 'a.visibility': 'public' })
    .first('t.id');
  return row !== undefined;
}
