import type { IndexSettings } from './search-engine';

/** The live ticket index; a full reindex builds `tickets_reindex` and swaps it in (bin/reindex.ts). */
export const TICKET_INDEX = 'tickets';
export const TICKET_REINDEX_INDEX = 'tickets_reindex';

/** How deep a search can page; bounds the engine's work per query. */
export const TICKET_SEARCH_MAX_HITS = 1000;

/**
 * Ticket index settings, applied at every start (services/search/search-runtime.ts) and compared first, so an
 * unchanged index gets no settings task. Attribute order is weight order: subject beats conversation text beats
 * internal notes. Internal notes are a separate attribute so searches for principals without notes:read can leave
 * them out (attributesToSearchOn) and never return them.
 */
export const TICKET_INDEX_SETTINGS: IndexSettings = {
  searchableAttributes: ['subject', 'number', 'publicText', 'requesterName', 'requesterEmail', 'tags', 'internalText'],
  filterableAttributes: ['requesterId', 'statusId', 'statusCategory', 'priorityId', 'teamId', 'assigneeId', 'tags', 'channel', 'createdAt', 'updatedAt'],
  sortableAttributes: ['createdAt', 'updatedAt', 'number'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'updatedAt:desc'],
  // Support vocabulary: customers and agents name the same thing differently.
  synonyms: {
    login: ['log in', 'sign in', 'signin'],
    'log in': ['login', 'sign in'],
    'sign in': ['login', 'log in'],
    password: ['passcode', 'passphrase'],
    refund: ['reimbursement', 'money back', 'chargeback'],
    invoice: ['bill', 'receipt'],
    bill: ['invoice'],
    cancel: ['unsubscribe', 'terminate'],
    unsubscribe: ['cancel'],
    broken: ['not working', 'faulty', 'defective'],
    crash: ['freeze', 'hang'],
    email: ['e-mail', 'mail'],
    'e-mail': ['email'],
  },
  typoTolerance: {
    enabled: true,
    // Meilisearch defaults: one typo from 5 letters ("pritner" finds "printer"), two from 9.
    minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    // A ticket number or an email address with a typo is another ticket or another person.
    disableOnAttributes: ['number', 'requesterEmail'],
  },
  pagination: { maxTotalHits: TICKET_SEARCH_MAX_HITS },
  faceting: { maxValuesPerFacet: 100 },
};
