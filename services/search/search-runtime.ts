import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import { startEmbeddedMeili, type EmbeddedMeili } from './meili-embedded';
import { createMeiliSearchEngine } from './meili-search-engine';
import type { SearchEngine } from './search-engine';
import { TICKET_INDEX, TICKET_INDEX_SETTINGS } from './ticket-index.settings';

export type SearchRuntime = { engine: SearchEngine; embedded: EmbeddedMeili | null; stop: () => Promise<void> };

const SETTINGS_RETRY_MS = 10_000;

/**
 * One process's search engine: the server at MEILI_HOST, or the embedded binary under the data directory. Index
 * settings are applied at start; an external server that is down at start gets them as soon as it answers
 * (meanwhile searches answer 503 and indexing jobs retry).
 */
export async function startSearch({ config, logger }: { config: Pick<Config, 'meili' | 'dataDir'>; logger: Logger }): Promise<SearchRuntime> {
  const embedded = config.meili.host ? null : await startEmbeddedMeili({ dataDir: config.dataDir, logger });
  const engine = createMeiliSearchEngine(embedded
    ? { host: embedded.host, apiKey: embedded.apiKey }
    : { host: config.meili.host!, apiKey: config.meili.apiKey });
  let timer: NodeJS.Timeout | undefined;
  const applySettings = async (): Promise<void> => {
    try {
      await engine.ensureIndex(TICKET_INDEX, TICKET_INDEX_SETTINGS);
    } catch (err) {
      if (embedded) throw err;
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
