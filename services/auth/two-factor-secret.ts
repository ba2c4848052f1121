import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * TOTP secrets must be readable by the server (to compute codes), so they are encrypted, not hashed:
 * AES-256-GCM under a key derived (HKDF) from the workspace secret key (services/secret-key.ts). A database dump
 * alone does not reveal them. Changing LANTERN_SECRET_KEY makes them unreadable: workers then sign in with a
 * recovery code and set 2FA up again.
 */
const VERSION = 'v1';

function derivedKey(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'lantern', 'two-factor secret', 32));
}

export function encryptSecret(secretKey: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derivedKey(secretKey), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

/** Null when the value was encrypted under another key (or tampered with). */
export function decryptSecret(secretKey: string, stored: string): string | null {
  const [version, iv, tag, data] = stored.split('.');
  if (version !== VERSION || !iv || !tag || !data) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', derivedKey(secretKey), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
