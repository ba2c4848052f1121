import {
  Meilisearch, MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError, MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise, type Settings,
} from 'meilisearch';
import { SearchUnavailableError, type IndexSettings, type SearchEngine, type SearchRequest, type SearchResult } from './search-engine';

/** Order matters for these settings (attribute weight, rule order); the rest are sets. */
const ORDERED_SETTINGS = new Set(['searchableAttributes', 'rankingRules']);

const sortedKeys = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortedKeys(x)]));
  return v;
};

/** True when every setting we manage already has the wanted value (the engine reports more keys than we set). */
export function settingsMatch(wanted: IndexSettings, current: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(([key, value]) => {
    const have = current[key];
    if (Array.isArray(value)) {
      if (!Array.isArray(have)) return false;
      const [a, b] = ORDERED_SETTINGS.has(key) ? [value, have] : [[...value].sort(), [...have].sort()];
      return JSON.stringify(a) === JSON.stringify(b);
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (!have || typeof have !== 'object') return false;
      if (key === 'synonyms') return JSON.stringify(sortedKeys(value)) === JSON.stringify(sortedKeys(have));
      // Nested objects (typoTolerance, pagination): compare only the members we set.
      const haveObj = have as Record<string, unknown>;
      return Object.entries(value).every(([k, v]) => JSON.stringify(sortedKeys(v)) === JSON.stringify(sortedKeys(haveObj[k])));
    }
    return JSON.stringify(value) === JSON.stringify(have);
  });
}

/** Network failures, timeouts and engine-side 5xx are "unavailable"; anything else is a real error. */
function translate(err: unknown): unknown {
  if (err instanceof SearchUnavailableError) return err;
  if (err instanceof MeilisearchRequestError || err instanceof MeilisearchRequestTimeOutError || err instanceof MeilisearchTaskTimeOutError) {
    return new SearchUnavailableError(`Meilisearch is unreachable: ${err.message}`, { cause: err });
  }
  if (err instanceof MeilisearchApiError && (err.response.status >= 500 || err.cause?.code === 'index_not_found')) {
    return new SearchUnavailableError(`Meilisearch cannot serve the request: ${err.message}`, { cause: err });
  }
  return err;
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw translate(err);
  }
}

export type MeiliOptions = { host: string; apiKey: string | undefined; requestTimeoutMs?: number; taskTimeoutMs?: number };

export function createMeiliSearchEngine(opts: MeiliOptions): SearchEngine & { client: Meilisearch } {
  const client = new Meilisearch({
    host: opts.host,
    ...(opts.apiKey && { apiKey: opts.apiKey }),
    timeout: opts.requestTimeoutMs ?? 10_000,
    defaultWaitOptions: { timeout: opts.taskTimeoutMs ?? 120_000, interval: 25 },
  });

  /** Wait for an enqueued task and fail loudly when the engine rejected it (bad document, bad setting). */
  const settle = async (enqueued: EnqueuedTaskPromise): Promise<void> => {
    const task = await enqueued.waitTask();
    if (task.status !== 'succeeded') throw new Error(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? 'no error given'}`);
  };

  return {
    client,
    ensureIndex: (index, settings) => guarded(async () => {
      const exists = await client.getIndex(index).then(() => true, (err: unknown) => {
        if (err instanceof MeilisearchApiError && err.cause?.code === 'index_not_found') return false;
        throw err;
      });
      if (!exists) await settle(client.createIndex(index, { primaryKey: 'id' }));
      const current = (await client.index(index).getSettings()) as Record<string, unknown>;
      if (!settingsMatch(settings, current)) await settle(client.index(index).updateSettings(settings as Settings));
    }),
    upsert: (index, documents) => guarded(async () => {
      if (documents.length) await settle(client.index(index).addDocuments(documents, { primaryKey: 'id' }));
    }),
    remove: (index, ids) => guarded(async () => {
      if (ids.length) await settle(client.index(index).deleteDocuments(ids.map(String)));
    }),
    search: (index, r: SearchRequest) => guarded(async (): Promise<SearchResult> => {
      const res = await client.index(index).search(r.q, {
        filter: r.filter,
        attributesToSearchOn: r.searchOn ?? null,
        attributesToRetrieve: r.retrieve,
        facets: r.facets,
        attributesToHighlight: r.highlight,
        attributesToCrop: r.crop,
        cropLength: 24,
        highlightPreTag: r.preTag ?? '<em>',
        highlightPostTag: r.postTag ?? '</em>',
        sort: r.sort,
        limit: r.limit,
        offset: r.offset,
        ...(r.hybrid && { hybrid: { embedder: r.hybrid.embedder, semanticRatio: r.hybrid.semanticRatio }, vector: r.hybrid.vector }),
        ...(r.withScore && { showRankingScore: true }),
        ...(r.locales && { locales: r.locales }),
      });
      return {
        hits: res.hits.map((h) => {
          const { _formatted, _rankingScore, ...document } = h as Record<string, unknown> & { _formatted?: Record<string, unknown>; _rankingScore?: number };
          return { document, formatted: _formatted ?? {}, ...(typeof _rankingScore === 'number' && { score: _rankingScore }) };
        }),
        estimatedTotal: res.estimatedTotalHits ?? res.hits.length,
        facets: (res.facetDistribution ?? {}) as Record<string, Record<string, number>>,
        processingTimeMs: res.processingTimeMs,
      };
    }),
    swap: (a, b) => guarded(() => settle(client.swapIndexes([{ indexes: [a, b], rename: false }]))),
    deleteIndex: (index) => guarded(async () => {
      await settle(client.deleteIndex(index));
    }),
    documentCount: (index) => guarded(async () => (await client.index(index).getStats()).numberOfDocuments),
    healthy: () => client.isHealthy(),
  };
}
