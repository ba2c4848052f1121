import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config/config';
import { secretKey } from '../secret-key';

type KeyConfig = Pick<Config, 'secretKey' | 'dataDir'>;

// A key of its own, derived from the platform secret, like mailbox passwords and plugin secrets.
const key = (config: KeyConfig) => createHash('sha256').update(`lantern-widget-secrets:${secretKey(config)}`).digest();

/** AES-256-GCM, stored as base64url(iv | tag | ciphertext): the identity secret is never at rest in plain text. */
export function sealWidgetSecret(config: KeyConfig, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(config), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function openWidgetSecret(config: KeyConfig, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key(config), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** `lws_` + 32 random bytes: the site's server signs its user ids with it. */
export const newWidgetSecret = () => `lws_${randomBytes(32).toString('base64url')}`;

/** HMAC-SHA256(secret, userId) as hex — what the host site's server computes (docs/widget.md). */
export const userHash = (secret: string, userId: string) => createHmac('sha256', secret).update(userId, 'utf8').digest('hex');

/** Constant-time comparison of the given hash with the expected one (case-insensitive hex). */
export function userHashMatches(secret: string, userId: string, given: string): boolean {
  const expected = Buffer.from(userHash(secret, userId), 'hex');
  const actual = Buffer.from(given.toLowerCase(), 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
