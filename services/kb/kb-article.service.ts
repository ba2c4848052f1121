import { notFound, validationError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { CreateKbArticleInput, KbArticleSummary, ListKbArticlesQuery, UpdateKbArticleInput } from '../../core/schemas/kb.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { escapeLike, keysetPage, type Page } from '../keyset';
import { assertReferencesExist } from '../reference-check';
import { lockRow } from '../row-lock';
import { prepareContent } from './kb-content';
import { publishKbArticleEvent } from './kb-events';
import { articleSummaries, type KbArticleRow, type KbTranslationRow } from './kb-rows';

const ENTITY = 'kb_article';
const LABEL = 'Knowledge base article';

const workerId = (actor: Actor) => (actor.type === 'worker' ? actor.id : null);

export async function getKbArticle(db: Queryable, id: number): Promise<KbArticleSummary> {
  const row = (await db('kb_articles').where({ id }).first()) as KbArticleRow | undefined;
  if (!row) throw notFound(LABEL, id);
  return (await articleSummaries(db, [row]))[0]!;
}

/** Newest first; state and language filter on translations (an article matches when one translation does). */
export async function listKbArticles(db: Queryable, query: ListKbArticlesQuery): Promise<Page<KbArticleSummary>> {
  const q = db('kb_articles').select('kb_articles.*');
  if (query.sectionId !== undefined) q.where('section_id', query.sectionId);
  if (query.visibility) q.where('visibility', query.visibility);
  if (query.kind) q.where('kind', query.kind);
  if (query.state || query.language || query.q) {
    q.whereExists((sub) => {
      sub.select(db.raw('1')).from('kb_article_translations as t').whereRaw('t.article_id = kb_articles.id');
      if (query.state) sub.where('t.state', query.state);
      if (query.language) sub.where('t.language', query.language);
      if (query.q) sub.where('t.title', 'ilike', `%${escapeLike(query.q)}%`);
    });
  }
  const page = await keysetPage<KbArticleRow>(q, { column: 'kb_articles.id', idColumn: 'kb_articles.id', value: 'id', desc: true }, query);
  return { rows: await articleSummaries(db, page.rows), nextCursor: page.nextCursor };
}

async function checkRelated(db: Queryable, articleId: number | null, relatedIds: number[]): Promise<void> {
  const self = relatedIds.indexOf(articleId ?? -1);
  if (self >= 0) throw validationError('An article cannot be related to itself', [{ path: `relatedIds.${self}`, message: 'is this article' }]);
  await assertReferencesExist(db, relatedIds.map((id, i) => ({ path: `relatedIds.${i}`, table: 'kb_articles', id })));
}

async function replaceRelated(db: Queryable, articleId: number, relatedIds: number[]): Promise<void> {
  await db('kb_article_related').where({ article_id: articleId }).delete();
  if (relatedIds.length) {
    await db('kb_article_related').insert(relatedIds.map((relatedId, position) => ({ article_id: articleId, related_id: relatedId, position })));
  }
}

/** A new article with its first translation as a draft at revision 1. */
export async function createKbArticle(db: Queryable, actor: Actor, input: CreateKbArticleInput): Promise<KbArticleSummary> {
  const content = prepareContent(input.kind, input.translation, 'translation');
  return db.transaction(async (trx) => {
    await assertReferencesExist(trx, [{ path: 'sectionId', table: 'kb_sections', id: input.sectionId }]);
    await checkRelated(trx, null, input.relatedIds ?? []);
    const [article] = (await trx('kb_articles')
      .insert({ section_id: input.sectionId, kind: input.kind, visibility: input.visibility, created_by: workerId(actor) })
      .returning('*')) as KbArticleRow[];
    const id = Number(article!.id);
    const [translation] = (await trx('kb_article_translations')
      .insert({
        article_id: id, language: input.translation.language, title: content.title, slug: content.slug, body_html: content.bodyHtml,
        body_text: content.bodyText, steps: content.steps ? JSON.stringify(content.steps) : null, state: 'draft', revision: 1,
        author_id: workerId(actor), file_ids: content.fileIds,
      })
      .returning('*')) as KbTranslationRow[];
    await trx('kb_article_revisions').insert({
      translation_id: translation!.id, revision: 1, title: content.title, body_html: content.bodyHtml,
      steps: content.steps ? JSON.stringify(content.steps) : null, author_id: workerId(actor),
    });
    await replaceRelated(trx, id, input.relatedIds ?? []);
    const view = (await articleSummaries(trx, [article!]))[0]!;
    await recordAudit(trx, actor, { action: 'kb_article.create', entityType: ENTITY, entityId: id, after: view });
    await publishKbArticleEvent(trx, 'created', id, { language: input.translation.language });
    return view;
  });
}

export async function updateKbArticle(db: Queryable, actor: Actor, id: number, input: UpdateKbArticleInput, version?: number): Promise<KbArticleSummary> {
  return db.transaction(async (trx) => {
    const current = await lockRow<KbArticleRow>(trx, 'kb_articles', id, LABEL, version);
    const before = (await articleSummaries(trx, [current]))[0]!;
    if (input.sectionId !== undefined) await assertReferencesExist(trx, [{ path: 'sectionId', table: 'kb_sections', id: input.sectionId }]);
    if (input.relatedIds) {
      await checkRelated(trx, id, input.relatedIds);
      await replaceRelated(trx, id, input.relatedIds);
    }
    const [row] = (await trx('kb_articles')
      .where({ id })
      .update({
        section_id: input.sectionId ?? current.section_id,
        visibility: input.visibility ?? current.visibility,
        version: trx.raw('version + 1'),
        updated_at: trx.fn.now(),
      })
      .returning('*')) as KbArticleRow[];
    const after = (await articleSummaries(trx, [row!]))[0]!;
    await recordAudit(trx, actor, { action: 'kb_article.update', entityType: ENTITY, entityId: id, before, after });
    await publishKbArticleEvent(trx, 'updated', id);
    return after;
  });
}

/** Deletes the article with its translations, revisions and feedback; the index drops it through the outbox. */
export async function deleteKbArticle(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = (await articleSummaries(trx, [await lockRow<KbArticleRow>(trx, 'kb_articles', id, LABEL)]))[0]!;
    await trx('kb_articles').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'kb_article.delete', entityType: ENTITY, entityId: id, before, after: null });
    await publishKbArticleEvent(trx, 'deleted', id);
  });
}
