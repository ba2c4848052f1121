import { generateKeyPairSync, createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Config } from '../../config/config';
import { conflict, notFound, validationError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { builtinKeyFile } from './plugin-paths';
import { keyIdOf, rawPublicKey, type TrustedKey } from './plugin-package';

/** Publisher id of the packages built from the repository's plugins/ folder. */
export const BUILTIN_PUBLISHER = 'lantern';

export type PublisherKeyRow = { id: number; publisher: string; key_id: string; public_key: string; builtin: boolean; created_at: Date; revoked_at: Date | null };

export const publisherKeyView = (r: PublisherKeyRow) => ({
  id: r.id, publisher: r.publisher, keyId: r.key_id, publicKey: r.public_key, builtin: r.builtin,
  createdAt: r.created_at.toISOString(), revokedAt: r.revoked_at?.toISOString() ?? null,
});

export type BuiltinKey = { privateKeyPem: string; keyId: string; publicKey: string };

const cache = new Map<string, BuiltinKey>();

/**
 * The built-in publisher key: generated once per installation and kept in the data directory (mode 600). The
 * repository cannot ship a private key (anyone could sign with it), so each installation signs the packages it
 * builds from plugins/ itself and trusts that one key automatically.
 */
export async function ensureBuiltinPublisherKey(db: Queryable, config: Pick<Config, 'dataDir' | 'plugins'>): Promise<BuiltinKey> {
  const file = builtinKeyFile(config);
  let key = cache.get(file);
  if (!key) {
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      mkdirSync(dirname(file), { recursive: true });
      pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      try {
        writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        pem = readFileSync(file, 'utf8');
      }
    }
    const publicKey = rawPublicKey(createPrivateKey(pem));
    key = { privateKeyPem: pem, publicKey, keyId: keyIdOf(publicKey) };
    cache.set(file, key);
  }
  await db('plugin_publisher_keys')
    .insert({ publisher: BUILTIN_PUBLISHER, key_id: key.keyId, public_key: key.publicKey, builtin: true })
    .onConflict('key_id').ignore();
  return key;
}

export async function trustedKeys(db: Queryable): Promise<TrustedKey[]> {
  const rows = await db('plugin_publisher_keys').whereNull('revoked_at').select<PublisherKeyRow[]>('*');
  return rows.map((r) => ({ publisher: r.publisher, keyId: r.key_id, publicKey: r.public_key }));
}

export async function listPublisherKeys(db: Queryable): Promise<PublisherKeyRow[]> {
  return db('plugin_publisher_keys').orderBy('id').select<PublisherKeyRow[]>('*');
}

export const addPublisherKeySchema = z.strictObject({
  publisher: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'must be a publisher id: a-z, 0-9 and dashes'),
  publicKey: z.string().trim().min(1).max(200).describe('Raw 32-byte ed25519 public key, base64'),
});

export async function addPublisherKey(db: Queryable, actor: Actor, input: z.infer<typeof addPublisherKeySchema>): Promise<PublisherKeyRow> {
  const raw = Buffer.from(input.publicKey, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== input.publicKey) {
    throw validationError('The public key is invalid', [{ path: 'publicKey', message: 'must be a raw 32-byte ed25519 public key in base64' }]);
  }
  const keyId = keyIdOf(input.publicKey);
  return db.transaction(async (trx) => {
    const existing = await trx('plugin_publisher_keys').where({ key_id: keyId }).first<PublisherKeyRow | undefined>();
    if (existing && !existing.revoked_at) throw conflict(`Key ${keyId} is already trusted for publisher ${existing.publisher}`);
    const [row] = existing
      ? await trx('plugin_publisher_keys').where({ id: existing.id }).update({ revoked_at: null, publisher: input.publisher }).returning<PublisherKeyRow[]>('*')
      : await trx('plugin_publisher_keys').insert({ publisher: input.publisher, key_id: keyId, public_key: input.publicKey }).returning<PublisherKeyRow[]>('*');
    await recordAudit(trx, actor, { action: 'plugin_publisher_key.trust', entityType: 'plugin_publisher_key', entityId: row!.id, after: publisherKeyView(row!) });
    return row!;
  });
}

/** Stop trusting a key (kept for the record). Installed plugins keep running; new installs with it are refused. */
export async function revokePublisherKey(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const row = await trx('plugin_publisher_keys').where({ id }).forUpdate().first<PublisherKeyRow | undefined>();
    if (!row || row.revoked_at) throw notFound('Publisher key', id);
    if (row.builtin) throw conflict('The built-in publisher key signs the bundled plugins and cannot be revoked');
    await trx('plugin_publisher_keys').where({ id }).update({ revoked_at: trx.fn.now() });
    await recordAudit(trx, actor, { action: 'plugin_publisher_key.revoke', entityType: 'plugin_publisher_key', entityId: id, before: publisherKeyView(row) });
  });
}
