import { KB_ENGINE_LOCALES, KB_LANGUAGES } from '../../core/kb';
import type { IndexSettings } from '../search/search-engine';

/** The live knowledge base index; a full reindex builds `kb_articles_reindex` and swaps it in (bin/reindex.ts). */
export const KB_INDEX = 'kb_articles';
export const KB_REINDEX_INDEX = 'kb_articles_reindex';
/** The user-provided embedder documents carry in `_vectors.use` (services/embeddings/text-embedder.ts). */
export const KB_EMBEDDER = 'use';
export const KB_EMBEDDING_DIMENSIONS = 512;
export const KB_SEARCH_MAX_HITS = 1000;

export const titleAttribute = (language: string) => `title_${language}`;
export const textAttribute = (language: string) => `text_${language}`;

/**
 * Knowledge base index settings, applied at every start (services/search/search-runtime.ts) like the ticket index.
 * One document per published translation; each language has its own attributes (`title_de`, `text_de`) so the
 * engine can tokenize them as that language (localizedAttributes; see KB_ENGINE_LOCALES for German), and titles
 * outweigh body text.
 */
export const KB_INDEX_SETTINGS: IndexSettings = {
  searchableAttributes: [...KB_LANGUAGES.map(titleAttribute), ...KB_LANGUAGES.map(textAttribute)],
  filterableAttributes: ['language', 'visibility', 'kind', 'sectionId', 'categoryId', 'articleId'],
  sortableAttributes: ['updatedAt', 'viewCount'],
  // Among equally relevant articles, the more read one first.
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'viewCount:desc'],
  synonyms: {
    login: ['log in', 'sign in', 'signin'],
    'log in': ['login', 'sign in'],
    'sign in': ['login', 'log in'],
    password: ['passcode', 'passphrase'],
    refund: ['reimbursement', 'money back'],
    invoice: ['bill', 'receipt'],
    bill: ['invoice'],
    cancel: ['unsubscribe', 'terminate'],
    email: ['e-mail', 'mail'],
    'e-mail': ['email'],
    anmelden: ['einloggen', 'login'],
    einloggen: ['anmelden', 'login'],
    passwort: ['kennwort'],
    kennwort: ['passwort'],
    rechnung: ['quittung', 'beleg'],
    kündigen: ['abmelden', 'beenden'],
  },
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
  pagination: { maxTotalHits: KB_SEARCH_MAX_HITS },
  faceting: { maxValuesPerFacet: 100 },
  embedders: { [KB_EMBEDDER]: { source: 'userProvided', dimensions: KB_EMBEDDING_DIMENSIONS } },
  localizedAttributes: KB_LANGUAGES.flatMap((language) => {
    const locale = KB_ENGINE_LOCALES[language];
    return locale ? [{ attributePatterns: [`*_${language}`], locales: [locale] }] : [];
  }),
};
