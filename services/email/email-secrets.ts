import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config/config';
import { secretKey } from '../secret-key';

type KeyConfig = Pick<Config, 'secretKey' | 'dataDir'>;

// A key of its own, derived from the platform secret, so mailbox passwords and other secrets never share one.
const key = (config: KeyConfig) => createHash('sha256').update(`lantern-email-secrets:${secretKey(config)}`).digest();

/** AES-256-GCM, stored as base64url(iv | tag | ciphertext): mailbox passwords are never at rest in plain text. */
export function sealPassword(config: KeyConfig, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(config), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function openPassword(config: KeyConfig, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key(config), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
