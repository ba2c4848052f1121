import { diffText } from '../../core/diff';
import { conflict, notFound } from '../../core/errors';
import type { KbState } from '../../core/kb';
import type { Actor } from '../../core/principal';
import type { KbRevision, KbTranslation, TranslationContent, TutorialStep } from '../../core/schemas/kb.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { lockRow } from '../row-lock';
import { contentText, prepareContent, type StoredContent } from './kb-content';
import { publishKbArticleEvent } from './kb-events';
import { translationView, type KbArticleRow, type KbTranslationRow } from './kb-rows';

const ENTITY = 'kb_translation';
const LABEL = 'Knowledge base article';

type RevisionRow = { id: number; translation_id: number; revision: number; title: string; body_html: string; steps: TutorialStep[] | null; author_id: number | null; created_at: Date };

const workerId = (actor: Actor) => (actor.type === 'worker' ? actor.id : null);
const entityId = (articleId: number, language: string) => `${articleId}-${language}`;

async function findTranslation(db: Queryable, articleId: number, language: string, forUpdate = false): Promise<KbTranslationRow | undefined> {
  const q = db('kb_article_translations').where({ article_id: articleId, language });
  if (forUpdate) q.forUpdate();
  return (await q.first()) as KbTranslationRow | undefined;
}

async function requireTranslation(db: Queryable, articleId: number, language: string, forUpdate = false): Promise<KbTranslationRow> {
  const row = await findTranslation(db, articleId, language, forUpdate);
  if (!row) throw notFound(`The ${language} translation of knowledge base article`, articleId);
  return row;
}

export async function getKbTranslation(db: Queryable, articleId: number, language: string): Promise<KbTranslation> {
  return translationView(await requireTranslation(db, articleId, language));
}

/** Store `content` as the translation's next revision (or its first, creating it as a draft). Caller holds the article lock. */
async function saveRevision(
  trx: Queryable, actor: Actor, article: KbArticleRow, language: string, content: StoredContent, current: KbTranslationRow | undefined,
): Promise<KbTranslationRow> {
  const revision = (current?.revision ?? 0) + 1;
  const fields = {
    title: content.title, slug: content.slug, body_html: content.bodyHtml, body_text: content.bodyText,
    steps: content.steps ? JSON.stringify(content.steps) : null, revision, author_id: workerId(actor), file_ids: content.fileIds,
  };
  const [row] = (current
    ? await trx('kb_article_translations').where({ id: current.id }).update({ ...fields, updated_at: trx.fn.now() }).returning('*')
    : await trx('kb_article_translations').insert({ ...fields, article_id: article.id, language, state: 'draft' }).returning('*')) as KbTranslationRow[];
  await trx('kb_article_revisions').insert({
    translation_id: row!.id, revision, title: content.title, body_html: content.bodyHtml, steps: fields.steps, author_id: workerId(actor),
  });
  await trx('kb_articles').where({ id: article.id }).update({ updated_at: trx.fn.now() });
  const after = translationView(row!);
  await recordAudit(trx, actor, {
    action: current ? 'kb_translation.update' : 'kb_translation.create', entityType: ENTITY, entityId: entityId(article.id, language),
    before: current ? translationView(current) : null, after,
  });
  // A published translation stays published with the new content: the index must pick it up.
  await publishKbArticleEvent(trx, 'updated', article.id, { language, revision });
  return row!;
}

/** PUT: create the translation (a draft at revision 1) or save a new revision of it. */
export async function putKbTranslation(db: Queryable, actor: Actor, articleId: number, language: string, input: TranslationContent): Promise<KbTranslation> {
  return db.transaction(async (trx) => {
    const article = await lockRow<KbArticleRow>(trx, 'kb_articles', articleId, LABEL);
    const current = await findTranslation(trx, articleId, language, true);
    if (input.baseRevision !== undefined && input.baseRevision !== (current?.revision ?? 0)) {
      throw conflict(`The ${language} translation of article ${articleId} was saved by someone else (you started from revision ${input.baseRevision}, current is ${current?.revision ?? 'none'}); reload and try again`);
    }
    const content = prepareContent(article.kind, { ...input, slug: input.slug ?? current?.slug });
    return translationView(await saveRevision(trx, actor, article, language, content, current));
  });
}

/** Publish, unpublish (back to draft) or archive one translation; setting the current state changes nothing. */
export async function setKbTranslationState(db: Queryable, actor: Actor, articleId: number, language: string, state: KbState): Promise<KbTranslation> {
  return db.transaction(async (trx) => {
    await lockRow<KbArticleRow>(trx, 'kb_articles', articleId, LABEL);
    const current = await requireTranslation(trx, articleId, language, true);
    if (current.state === state) return translationView(current);
    const [row] = (await trx('kb_article_translations')
      .where({ id: current.id })
      .update({ state, updated_at: trx.fn.now(), ...(state === 'published' && { published_at: trx.fn.now() }) })
      .returning('*')) as KbTranslationRow[];
    await trx('kb_articles').where({ id: articleId }).update({ updated_at: trx.fn.now() });
    const after = translationView(row!);
    await recordAudit(trx, actor, { action: `kb_translation.${state === 'published' ? 'publish' : state === 'archived' ? 'archive' : 'unpublish'}`, entityType: ENTITY, entityId: entityId(articleId, language), before: translationView(current), after });
    await publishKbArticleEvent(trx, state === 'published' ? 'published' : 'unpublished', articleId, { language, state });
    return after;
  });
}

const revisionView = (r: RevisionRow): KbRevision => ({
  revision: r.revision, title: r.title, bodyHtml: r.body_html, steps: r.steps, authorId: r.author_id === null ? null : Number(r.author_id),
  createdAt: r.created_at.toISOString(),
});

/** Every revision, newest first (bounded by how often one translation is saved; no paging needed). */
export async function listKbRevisions(db: Queryable, articleId: number, language: string): Promise<{ items: Omit<KbRevision, 'bodyHtml' | 'steps'>[] }> {
  const t = await requireTranslation(db, articleId, language);
  const rows = (await db('kb_article_revisions').where({ translation_id: t.id }).orderBy('revision', 'desc')
    .select('revision', 'title', 'author_id', 'created_at')) as RevisionRow[];
  return { items: rows.map((r) => ({ revision: r.revision, title: r.title, authorId: r.author_id === null ? null : Number(r.author_id), createdAt: r.created_at.toISOString() })) };
}

async function requireRevision(db: Queryable, translationId: number, articleId: number, language: string, revision: number): Promise<RevisionRow> {
  const row = (await db('kb_article_revisions').where({ translation_id: translationId, revision }).first()) as RevisionRow | undefined;
  if (!row) throw notFound(`Revision ${revision} of the ${language} translation of article`, articleId);
  return row;
}

export async function getKbRevision(db: Queryable, articleId: number, language: string, revision: number): Promise<KbRevision> {
  const t = await requireTranslation(db, articleId, language);
  return revisionView(await requireRevision(db, t.id, articleId, language, revision));
}

/** What changed from revision `against` (default: the one before) to `revision`, word by word on plain text. */
export async function diffKbRevisions(db: Queryable, articleId: number, language: string, revision: number, against?: number) {
  const t = await requireTranslation(db, articleId, language);
  const to = await requireRevision(db, t.id, articleId, language, revision);
  const fromNo = against ?? revision - 1;
  const from = fromNo >= 1 ? await requireRevision(db, t.id, articleId, language, fromNo) : null;
  return {
    from: fromNo < 1 ? 0 : fromNo,
    to: revision,
    title: diffText(from?.title ?? '', to.title),
    body: diffText(from ? contentText(from.body_html, from.steps) : '', contentText(to.body_html, to.steps)),
  };
}

/** Restore = a new revision with that revision's content; history is never rewritten. */
export async function restoreKbRevision(db: Queryable, actor: Actor, articleId: number, language: string, revision: number): Promise<KbTranslation> {
  return db.transaction(async (trx) => {
    const article = await lockRow<KbArticleRow>(trx, 'kb_articles', articleId, LABEL);
    const current = await requireTranslation(trx, articleId, language, true);
    const old = await requireRevision(trx, current.id, articleId, language, revision);
    const content = prepareContent(article.kind, { title: old.title, bodyHtml: old.body_html, steps: old.steps, slug: current.slug });
    return translationView(await saveRevision(trx, actor, article, language, content, current));
  });
}
