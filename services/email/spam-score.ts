import type { ParsedEmail } from './mime-parse';

/**
 * Hook for a spam classifier (SpamAssassin over spamc, rspamd's HTTP API, …): return a score, higher is spammier,
 * compared with LANTERN_EMAIL_SPAM_THRESHOLD. Mail at or above the threshold goes to the quarantine.
 */
export type SpamScorer = { score(message: ParsedEmail, raw: Buffer): Promise<{ score: number; detail?: string }> };

/** The default: no classifier installed, every message scores 0. */
export const noopSpamScorer: SpamScorer = { score: async () => ({ score: 0 }) };
