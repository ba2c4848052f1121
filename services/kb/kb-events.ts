import { KB_ARTICLE_ENTITY, KB_ARTICLE_EVENTS } from '../../core/kb';
import type { Queryable } from '../../db/knex';
import { publishEvent } from '../outbox.service';

export type KbArticleEvent = keyof typeof KB_ARTICLE_EVENTS;

/**
 * An article changed: one outbox row in the caller's transaction. Webhooks receive it and the search outbox
 * consumer (activities/search/kb-index.task.ts) re-indexes the article from the database, so the payload stays small.
 */
export async function publishKbArticleEvent(
  trx: Queryable, event: KbArticleEvent, articleId: number, payload: Record<string, unknown> = {},
): Promise<void> {
  await publishEvent(trx, { type: KB_ARTICLE_EVENTS[event], entityType: KB_ARTICLE_ENTITY, entityId: articleId, payload: { articleId, ...payload } });
}
