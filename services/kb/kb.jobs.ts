import type { Queryable } from '../../db/knex';

/** graphile-worker task that brings one knowledge base article's documents up to date in the index. */
export const KB_INDEX_TASK = 'kb_index';

export type KbIndexPayload = { articleId: number };

/** One waiting job per article (job_key): a burst of saves is indexed once, from the state when the job runs. */
export async function enqueueKbArticleIndex(db: Queryable, articleId: number): Promise<void> {
  await db.raw(`SELECT graphile_worker.add_job(?, json_build_object('articleId', ?::bigint), job_key => ?, max_attempts => 25)`, [
    KB_INDEX_TASK, articleId, `kb_index:article:${articleId}`,
  ]);
}
