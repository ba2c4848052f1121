import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import webpush from 'web-push';
import type { Config } from '../../config/config';
import type { Queryable } from '../../db/knex';
import { secretKey } from '../secret-key';

type KeyConfig = Pick<Config, 'secretKey' | 'dataDir'>;
export type VapidKeys = { publicKey: string; privateKey: string };

// A key of its own, derived from the platform secret (as services/email/email-secrets.ts does for mailbox passwords).
const sealKey = (config: KeyConfig) => createHash('sha256').update(`lantern-vapid:${secretKey(config)}`).digest();

function seal(config: KeyConfig, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(config), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function open(config: KeyConfig, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', sealKey(config), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/**
 * The install's VAPID key pair (RFC 8292): generated on first use and stored once (row id 1, the private key
 * sealed); concurrent first uses race on the primary key and all read the winner's pair. Browsers bind their
 * subscriptions to the public key, so it must never change once subscriptions exist.
 */
export async function vapidKeys(db: Queryable, config: KeyConfig): Promise<VapidKeys> {
  let row = await db('push_vapid_keys').where({ id: 1 }).first<{ public_key: string; private_key_encrypted: string } | undefined>('public_key', 'private_key_encrypted');
  if (!row) {
    const fresh = webpush.generateVAPIDKeys();
    await db('push_vapid_keys').insert({ id: 1, public_key: fresh.publicKey, private_key_encrypted: seal(config, fresh.privateKey) }).onConflict('id').ignore();
    row = await db('push_vapid_keys').where({ id: 1 }).first<{ public_key: string; private_key_encrypted: string }>('public_key', 'private_key_encrypted');
  }
  return { publicKey: row!.public_key, privateKey: open(config, row!.private_key_encrypted) };
}

/** The `sub` claim of our VAPID JWTs: the public URL when it is https, else a mailto at the email domain. */
export function vapidSubject(config: Pick<Config, 'http' | 'email'>): string {
  const url = config.http.publicUrl;
  return url?.startsWith('https://') ? url : `mailto:postmaster@${config.email.domain}`;
}
