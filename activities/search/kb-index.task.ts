import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import { KB_ARTICLE_ENTITY } from '../../core/kb';
import type { Db, Queryable } from '../../db/knex';
import { indexKbArticles } from '../../services/kb/kb-indexer';
import { enqueueKbArticleIndex } from '../../services/kb/kb.jobs';
import type { SearchEngine } from '../../services/search/search-engine';
import type { DispatchedEvent } from '../webhooks/outbox-dispatch.task';

const payloadSchema = z.object({ articleId: z.number().int().positive() });

/**
 * Called by outbox_dispatch in its transaction: every knowledge base article event queues the article for
 * indexing, committed with the dispatch, so a Meilisearch outage loses nothing (the job fails and is retried).
 */
export async function onKbOutboxEvent(trx: Queryable, event: DispatchedEvent): Promise<void> {
  if (event.entity_type === KB_ARTICLE_ENTITY) await enqueueKbArticleIndex(trx, Number(event.entity_id));
}

/** `kb_index`: upsert the article's published translations, remove the rest; an unreachable engine throws (retry). */
export function createKbIndexTask({ db, logger, search }: { db: Db; logger: Logger; search: SearchEngine }): Task {
  return async (rawPayload, helpers) => {
    const parsed = payloadSchema.safeParse(rawPayload);
    if (!parsed.success) {
      logger.error({ jobId: helpers.job.id, payload: rawPayload }, 'kb_index job with an invalid payload dropped');
      return;
    }
    try {
      await indexKbArticles(db, search, [parsed.data.articleId]);
    } catch (err) {
      logger.warn({ err, jobId: helpers.job.id, attempt: helpers.job.attempts, articleId: parsed.data.articleId }, 'knowledge base indexing failed; will retry');
      throw err;
    }
  };
}
