import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256 } from '../auth/tokens';

/**
 * One-time portal tokens (email verification, password reset, magic link) as split tokens `<selector>.<verifier>`:
 * the selector finds the row, only the SHA-256 of the verifier is stored and it is compared in constant time,
 * so neither a database dump nor timing on the lookup gives a usable token.
 */
export type AccountTokenPurpose = 'verify' | 'reset' | 'magic';

/** Lifetimes from the contract (docs/portal.md). */
export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  verify: 24 * 3_600_000,
  reset: 3_600_000,
  magic: 15 * 60_000,
};

export function newAccountToken(): { token: string; selector: string; verifierHash: string } {
  const selector = randomBytes(12).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  return { token: `${selector}.${verifier}`, selector, verifierHash: sha256(verifier) };
}

export function parseAccountToken(token: string): { selector: string; verifier: string } | null {
  const m = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { selector: m[1]!, verifier: m[2]! } : null;
}

export function verifierMatches(storedHash: string, verifier: string): boolean {
  const a = Buffer.from(storedHash, 'hex');
  const b = Buffer.from(sha256(verifier), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
