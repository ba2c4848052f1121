import { notFound } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { PublicFeedbackInput } from '../../core/schemas/kb.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { keysetPage, type Page } from '../keyset';
import { findVisiblePublished } from './kb-public.service';

type FeedbackRow = { id: number; article_id: number; language: string; helpful: boolean; comment: string | null; created_at: Date };
export type KbFeedbackItem = { id: number; language: string; helpful: boolean; comment: string | null; createdAt: string };

/**
 * "Was this helpful?" on a published translation the caller can read; counted on the article in the same
 * transaction. Anonymous visitors are recorded in the audit log as a customer without id.
 */
export async function addKbFeedback(db: Queryable, actor: Actor, articleId: number, input: PublicFeedbackInput, canReadInternal: boolean): Promise<KbFeedbackItem> {
  return db.transaction(async (trx) => {
    await findVisiblePublished(trx, articleId, input.language, canReadInternal);
    const [row] = (await trx('kb_feedback')
      .insert({ article_id: articleId, language: input.language, helpful: input.helpful, comment: input.comment || null })
      .returning('*')) as FeedbackRow[];
    await trx('kb_articles').where({ id: articleId }).increment(input.helpful ? 'helpful_yes' : 'helpful_no', 1);
    const view = feedbackView(row!);
    await recordAudit(trx, actor, { action: 'kb_feedback.create', entityType: 'kb_article', entityId: articleId, after: view });
    return view;
  });
}

const feedbackView = (r: FeedbackRow): KbFeedbackItem => ({
  id: Number(r.id), language: r.language, helpful: r.helpful, comment: r.comment, createdAt: r.created_at.toISOString(),
});

/** Newest first, keyset paged. */
export async function listKbFeedback(db: Queryable, articleId: number, query: { cursor?: string | undefined; limit: number }): Promise<Page<KbFeedbackItem>> {
  if (!(await db('kb_articles').where({ id: articleId }).first('id'))) throw notFound('Knowledge base article', articleId);
  const page = await keysetPage<FeedbackRow>(db('kb_feedback').where({ article_id: articleId }), { column: 'id', idColumn: 'id', value: 'id', desc: true }, query);
  return { rows: page.rows.map(feedbackView), nextCursor: page.nextCursor };
}
