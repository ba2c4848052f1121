import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config/config';
import { secretKey } from '../secret-key';

type KeyConfig = Pick<Config, 'secretKey' | 'dataDir'>;

/** A distinct key per purpose, derived from the platform secret (services/secret-key.ts). */
const encryptionKey = (config: KeyConfig) => createHash('sha256').update(`lantern-plugin-secrets:${secretKey(config)}`).digest();

/** AES-256-GCM; stored as base64url(iv | tag | ciphertext). Secrets at rest never appear in plain text. */
export function encryptSecret(config: KeyConfig, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(config), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function decryptSecret(config: KeyConfig, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey(config), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

export const encryptJson = (config: KeyConfig, value: Record<string, string>) => encryptSecret(config, JSON.stringify(value));
export const decryptJson = (config: KeyConfig, sealed: string | null): Record<string, string> =>
  sealed ? (JSON.parse(decryptSecret(config, sealed)) as Record<string, string>) : {};

/** Bearer tokens between host and plugins: random, stored hashed (plugin -> host) or encrypted (host -> plugin). */
export const newToken = (prefix: 'lpt' | 'lht') => `${prefix}_${randomBytes(32).toString('base64url')}`;
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
