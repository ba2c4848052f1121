import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import { runningEmbeddedMeili, startEmbeddedMeili, type EmbeddedMeili } from './meili-embedded';
import { createMeiliSearchEngine } from './meili-search-engine';
import type { SearchEngine } from './search-engine';
import { KB_INDEX, KB_INDEX_SETTINGS } from '../kb/kb-index.settings';
import { TICKET_INDEX, TICKET_INDEX_SETTINGS } from './ticket-index.settings';

export type SearchRuntime = { engine: SearchEngine; embedded: EmbeddedMeili | null; stop: () => Promise<void> };

const SETTINGS_RETRY_MS = 10_000;

/**
 * One process's search engine: the server at MEILI_HOST, or the embedded binary under the data directory. Index
 * settings are applied at start; an external server that is down at start gets them as soon as it answers
 * (meanwhile searches answer 503 and indexing jobs retry).
 */
export async function startSearch({ config, logger, reuseRunning = false }: {
  config: Pick<Config, 'meili' | 'dataDir'>;
  logger: Logger;
  /** Command-line tools: use the embedded server `npm start` already runs on this data directory. */
  reuseRunning?: boolean;
}): Promise<SearchRuntime> {
  const running = !config.meili.host && reuseRunning ? await runningEmbeddedMeili(config.dataDir) : null;
  const embedded = config.meili.host || running ? null : await startEmbeddedMeili({ dataDir: config.dataDir, logger });
  const engine = createMeiliSearchEngine(embedded
    ? { host: embedded.host, apiKey: embedded.apiKey }
    : running ?? { host: config.meili.host!, apiKey: config.meili.apiKey });
  let timer: NodeJS.Timeout | undefined;
  const applySettings = async (): Promise<void> => {
    try {
      await engine.ensureIndex(TICKET_INDEX, TICKET_INDEX_SETTINGS);
      await engine.ensureIndex(KB_INDEX, KB_INDEX_SETTINGS);
    } catch (err) {
      if (!config.meili.host) throw err;
      logger.warn({ err, host: config.meili.host }, 'Meilisearch settings not applied yet; retrying');
      timer = setTimeout(() => void applySettings(), SETTINGS_RETRY_MS);
      timer.unref();
    }
  };
  try {
    await applySettings();
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return {
    engine,
    embedded,
    stop: async () => {
      clearTimeout(timer);
      await embedded?.stop();
    },
  };
}
