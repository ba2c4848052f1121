import type { Logger } from 'pino';
import { KB_ARTICLE_ENTITY } from '../../core/kb';
import type { Db } from '../../db/knex';
import { sharedTextEmbedder, type TextEmbedder } from '../embeddings/text-embedder';
import type { SearchEngine } from '../search/search-engine';
import type { ReindexProgress } from '../search/ticket-reindex';
import { loadKbDocumentPage } from './kb-document';
import { KB_INDEX, KB_INDEX_SETTINGS, KB_REINDEX_INDEX } from './kb-index.settings';
import { indexKbArticles } from './kb-indexer';

/** Same margin as the ticket reindex: changes that may commit after their article was read are replayed. */
const CATCH_UP_MARGIN = '5 minutes';

/**
 * Rebuild the knowledge base index from PostgreSQL like the ticket index (services/search/ticket-reindex.ts): fill
 * a fresh index in batches of articles, swap it in atomically, drop the old one, replay the articles changed meanwhile.
 * Progress counts articles.
 */
export async function reindexKbArticles({ db, engine, batchSize = 200, onProgress, embedder: given }: {
  db: Db;
  engine: SearchEngine;
  batchSize?: number;
  onProgress?: (p: ReindexProgress) => void;
  /** Defaults to the process-wide sentence embedder. */
  embedder?: TextEmbedder;
}): Promise<{ indexed: number; articles: number; caughtUp: number }> {
  const { rows: [clock] } = await db.raw<{ rows: { since: Date }[] }>(`SELECT now() - interval '${CATCH_UP_MARGIN}' AS since`);
  const total = Number((await db('kb_articles').count<{ n: string }[]>('* as n').first())?.n ?? 0);
  const embedder = given ?? (await sharedTextEmbedder());
  await engine.deleteIndex(KB_REINDEX_INDEX).catch(() => undefined);
  await engine.ensureIndex(KB_REINDEX_INDEX, KB_INDEX_SETTINGS);
  let indexed = 0;
  let articles = 0;
  let after = 0;
  onProgress?.({ done: 0, total });
  for (;;) {
    const { docs, lastArticleId, articleCount } = await loadKbDocumentPage(db, embedder, after, batchSize);
    if (lastArticleId === null) break;
    await engine.upsert(KB_REINDEX_INDEX, docs);
    indexed += docs.length;
    articles += articleCount;
    after = lastArticleId;
    onProgress?.({ done: articles, total: Math.max(total, articles) });
  }
  await engine.ensureIndex(KB_INDEX, KB_INDEX_SETTINGS);
  await engine.swap(KB_INDEX, KB_REINDEX_INDEX);
  await engine.deleteIndex(KB_REINDEX_INDEX);

  const changed = (await db('outbox').where('entity_type', KB_ARTICLE_ENTITY).where('occurred_at', '>=', clock!.since)
    .distinct('entity_id').pluck('entity_id')).map(Number);
  for (let i = 0; i < changed.length; i += batchSize) await indexKbArticles(db, engine, changed.slice(i, i + batchSize), { embedder });
  return { indexed, articles, caughtUp: changed.length };
}

/** First start with an empty KB index but published articles in the database: build it in the background. */
export async function bootstrapKbIndex({ db, engine, logger }: { db: Db; engine: SearchEngine; logger: Logger }): Promise<void> {
  try {
    if ((await engine.documentCount(KB_INDEX)) > 0) return;
    if (!(await db('kb_article_translations').where({ state: 'published' }).first('id'))) return;
    logger.info('knowledge base search index is empty: building it from the database');
    const { indexed } = await reindexKbArticles({ db, engine });
    logger.info({ indexed }, 'knowledge base search index built');
  } catch (err) {
    logger.warn({ err }, 'could not build the knowledge base search index at start; run `npm run reindex`');
  }
}
