/**
 * The search operations the platform uses, independent of the engine behind them. The Meilisearch adapter
 * (meili-search-engine.ts) is the only implementation; every write waits until the engine has applied it, so a
 * job that returns has really indexed and a job that throws is retried.
 */
export type SearchDocument = Record<string, unknown> & { id: number | string };

export type IndexSettings = {
  searchableAttributes: string[];
  filterableAttributes: string[];
  sortableAttributes: string[];
  displayedAttributes?: string[];
  rankingRules?: string[];
  synonyms: Record<string, string[]>;
  typoTolerance: { enabled: boolean; minWordSizeForTypos: { oneTypo: number; twoTypos: number }; disableOnAttributes?: string[] };
  pagination?: { maxTotalHits: number };
  faceting?: { maxValuesPerFacet: number };
  /** Vectors the caller supplies in each document's `_vectors.<name>` (hybrid search; services/embeddings/). */
  embedders?: Record<string, { source: 'userProvided'; dimensions: number }>;
  /** Language of attributes, so the engine tokenizes and normalizes them per language. */
  localizedAttributes?: { attributePatterns: string[]; locales: string[] }[];
  stopWords?: string[];
};

export type SearchRequest = {
  q: string;
  /** Engine filter expression (built by the caller from trusted values only). */
  filter?: string;
  /** Attributes the words are matched in; undefined: every searchable attribute. */
  searchOn?: string[];
  retrieve?: string[];
  facets?: string[];
  highlight?: string[];
  crop?: string[];
  sort?: string[];
  limit: number;
  offset: number;
  /** Markers around matches in `formatted` (the caller escapes the text, then turns them into markup). */
  preTag?: string;
  postTag?: string;
  /** Hybrid search: keyword ranking blended with vector similarity to `vector` (0 = keywords only, 1 = vectors only). */
  hybrid?: { embedder: string; semanticRatio: number; vector: number[] };
  /** Ask for each hit's relevance score in 0..1 (SearchHit.score). */
  withScore?: boolean;
  /** Language of the query (engine locales, e.g. `eng`), matching the index's localizedAttributes. */
  locales?: string[];
};

export type SearchHit = { document: Record<string, unknown>; formatted: Record<string, unknown>; score?: number };

export type SearchResult = {
  hits: SearchHit[];
  estimatedTotal: number;
  facets: Record<string, Record<string, number>>;
  processingTimeMs: number;
};

export type SearchEngine = {
  /** Create the index if missing and make its settings equal to `settings` (no task when already equal). */
  ensureIndex(index: string, settings: IndexSettings): Promise<void>;
  upsert(index: string, documents: SearchDocument[]): Promise<void>;
  remove(index: string, ids: (number | string)[]): Promise<void>;
  search(index: string, request: SearchRequest): Promise<SearchResult>;
  /** Exchange two indexes' contents atomically (searches never see a half-built index). */
  swap(a: string, b: string): Promise<void>;
  deleteIndex(index: string): Promise<void>;
  documentCount(index: string): Promise<number>;
  healthy(): Promise<boolean>;
};

/** The engine could not be reached or did not answer: callers retry (jobs) or answer 503 (HTTP). */
export class SearchUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchUnavailableError';
  }
}
