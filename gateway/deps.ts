import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Db } from '../db/knex';
import type { LifecycleEngine } from '../services/lifecycle/engine-port';
import type { BlobStorage } from '../services/storage/blob-storage';
import type { SearchEngine } from '../services/search/search-engine';

/** Everything the HTTP app needs, built once by the composition root (bin/) or a test. */
export type AppDeps = {
  db: Db;
  config: Config;
  logger: Logger;
  storage: BlobStorage;
  /** The ticket lifecycle, embedded or Temporal by configuration; routes see only the port. */
  engine: LifecycleEngine;
  /** Meilisearch (services/search); absent: search routes answer 503 (tests that do not need search). */
  search?: SearchEngine;
};
