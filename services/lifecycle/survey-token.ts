import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Survey links carry `<surveyId>.<nonce>.<signature>`: the HMAC (server secret) turns away forged or mangled
 * tokens without a database read; the stored SHA-256 of the whole token makes a token valid for its one survey
 * only, so neither a leaked secret alone nor database access alone is enough to forge one.
 */
const sign = (secret: string, body: string) => createHmac('sha256', secret).update(`lantern-survey.v1:${body}`).digest('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function newSurveyToken(secret: string, surveyId: number): { token: string; hash: string } {
  const body = `${surveyId}.${randomBytes(18).toString('base64url')}`;
  const token = `${body}.${sign(secret, body)}`;
  return { token, hash: hashToken(token) };
}

/** The survey id of a well-signed token, or null. */
export function verifySurveyToken(secret: string, token: string): { surveyId: number; hash: string } | null {
  const m = /^([1-9]\d{0,15})\.([\w-]{24})\.([\w-]{43})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(sign(secret, `${m[1]}.${m[2]}`));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { surveyId: Number(m[1]), hash: hashToken(token) };
}
