import { KB_LANGUAGES } from '../../core/kb';
import type { Db } from '../../db/knex';
import { sharedTextEmbedder, type TextEmbedder } from '../embeddings/text-embedder';
import type { SearchEngine } from '../search/search-engine';
import { kbDocumentId, loadKbDocuments } from './kb-document';
import { KB_INDEX } from './kb-index.settings';

/**
 * Bring these articles' documents up to date: upsert each published translation, remove every other language's
 * document (unpublished, archived, deleted). Serialized per article by an advisory lock held until the engine has
 * applied the write, like the ticket indexer, so an older snapshot can never overwrite a newer one.
 */
export async function indexKbArticles(
  db: Db, engine: SearchEngine, articleIds: number[], opts: { index?: string; embedder?: TextEmbedder } = {},
): Promise<void> {
  const ids = [...new Set(articleIds)].sort((a, b) => a - b);
  if (!ids.length) return;
  const embedder = opts.embedder ?? (await sharedTextEmbedder());
  const index = opts.index ?? KB_INDEX;
  await db.transaction(async (trx) => {
    for (const id of ids) await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('kb_index'), ?::int)`, [id % 2_147_483_647]);
    const docs = await loadKbDocuments(trx, embedder, ids);
    const present = new Set(docs.map((d) => d.id));
    await engine.upsert(index, docs);
    await engine.remove(index, ids.flatMap((id) => KB_LANGUAGES.map((l) => kbDocumentId(id, l))).filter((d) => !present.has(d)));
  });
}
