import { createHash, randomBytes } from 'node:crypto';

/** Tokens are high-entropy random strings, so a fast hash is the right way to store them (unlike passwords). */
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function newSessionToken(): { token: string; hash: string } {
  const token = `ls_${randomBytes(32).toString('base64url')}`;
  return { token, hash: sha256(token) };
}

export function newApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `lk_${prefix}_${secret}`, prefix, secretHash: sha256(secret) };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const m = /^lk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  return m ? { prefix: m[1]!, secret: m[2]! } : null;
}
