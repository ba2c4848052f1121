import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../../config/config';
import { LanternError, conflict, notFound } from '../../core/errors';
import { compareVersions, manifestSchema, platformSatisfies, type PluginManifest } from '../../core/plugins/manifest.schema';
import type { Actor } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { builtinCatalogDir, builtinPackagesDir } from './plugin-paths';
import { packPlugin, readManifest, signatureSchema, type PackageSignature } from './plugin-package';
import { BUILTIN_PUBLISHER, ensureBuiltinPublisherKey } from './publisher-keys.service';

export const PLATFORM_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

type CatalogConfig = Pick<Config, 'dataDir' | 'plugins' | 'secretKey'>;

/** One installable version, from the built-in folder (`source: 'builtin'`) or a remote catalog (its source id). */
export type CatalogEntry = {
  source: string;
  sourceName: string;
  manifest: PluginManifest;
  /** Remote: absolute package URL; built-in: the source folder. */
  location: string;
  signature: PackageSignature | null;
  compatible: boolean;
};

/**
 * A remote catalog's index.json: `{ "plugins": [{ "manifest": {...}, "url": "echo-1.0.0.tgz", "signature": {...} }] }`.
 * `url` may be relative to the index; without `signature` the host fetches `<url>.sig.json`.
 */
const remoteIndexSchema = z.object({
  plugins: z.array(z.object({ manifest: z.unknown(), url: z.string().min(1), signature: z.unknown().optional() })).max(1000),
});

export type SourceRow = { id: number; name: string; url: string; created_at: Date; last_fetched_at: Date | null; last_error: string | null };
export const sourceView = (r: SourceRow) => ({
  id: r.id, name: r.name, url: r.url, createdAt: r.created_at.toISOString(),
  lastFetchedAt: r.last_fetched_at?.toISOString() ?? null, lastError: r.last_error,
});

/** Plugin folders (a manifest.json and src/index.ts) in the built-in catalog directory. */
export function builtinEntries(config: CatalogConfig, logger?: Logger): CatalogEntry[] {
  const dir = builtinCatalogDir(config);
  if (!existsSync(dir)) return [];
  const entries: CatalogEntry[] = [];
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const folder = join(dir, name.name);
    if (!name.isDirectory() || !existsSync(join(folder, 'manifest.json')) || !existsSync(join(folder, 'src/index.ts'))) continue;
    try {
      const manifest = readManifest(folder);
      if (manifest.publisher !== BUILTIN_PUBLISHER) continue; // only what the built-in key may vouch for
      entries.push({ source: 'builtin', sourceName: 'Built-in', manifest, location: folder, signature: null, compatible: platformSatisfies(PLATFORM_VERSION, manifest.minPlatformVersion) });
    } catch (err) {
      logger?.warn({ err, folder }, 'built-in plugin folder skipped: invalid manifest');
    }
  }
  return entries;
}

const packing = new Map<string, Promise<{ bytes: Buffer; signature: PackageSignature }>>();

/** Pack and sign one built-in plugin with the built-in key, once per process and version. */
export function builtinPackage(db: Queryable, config: CatalogConfig, entry: CatalogEntry): Promise<{ bytes: Buffer; signature: PackageSignature }> {
  const key = `${builtinPackagesDir(config)}|${entry.manifest.id}@${entry.manifest.version}`;
  let pending = packing.get(key);
  if (!pending) {
    pending = (async () => {
      const signer = await ensureBuiltinPublisherKey(db, config);
      const packed = await packPlugin({ sourceDir: entry.location, outDir: builtinPackagesDir(config), privateKeyPem: signer.privateKeyPem, publisher: BUILTIN_PUBLISHER });
      return { bytes: packed.bytes, signature: packed.signature };
    })();
    pending.catch(() => packing.delete(key));
    packing.set(key, pending);
  }
  return pending;
}

/** Pack every built-in plugin ahead of time (at start), so the first install does not wait for esbuild. */
export async function prepareBuiltinCatalog(db: Queryable, config: CatalogConfig, logger: Logger): Promise<void> {
  await ensureBuiltinPublisherKey(db, config);
  for (const entry of builtinEntries(config, logger)) {
    try {
      await builtinPackage(db, config, entry);
    } catch (err) {
      logger.warn({ err, plugin: entry.manifest.id }, 'built-in plugin could not be packed');
    }
  }
}

async function fetchLimited(url: string, timeoutMs: number, maxBytes: number): Promise<Buffer | null> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > maxBytes) throw new Error(`${url} is larger than ${maxBytes} bytes`);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.length > maxBytes) throw new Error(`${url} is larger than ${maxBytes} bytes`);
  return bytes;
}

const MAX_INDEX_BYTES = 5 * 1_048_576;
const MAX_PACKAGE_BYTES = 100 * 1_048_576;

/** Read one remote catalog; a broken or unreachable source is recorded on its row and contributes nothing. */
async function remoteEntries(db: Queryable, config: CatalogConfig, source: SourceRow): Promise<CatalogEntry[]> {
  try {
    const bytes = await fetchLimited(source.url, config.plugins.catalogTimeoutMs, MAX_INDEX_BYTES);
    if (!bytes) throw new Error(`${source.url} answered HTTP 404`);
    const index = remoteIndexSchema.parse(JSON.parse(bytes.toString('utf8')));
    const entries: CatalogEntry[] = [];
    for (const item of index.plugins) {
      const manifest = manifestSchema.safeParse(item.manifest);
      if (!manifest.success) continue;
      const signature = item.signature === undefined ? null : signatureSchema.safeParse(item.signature);
      entries.push({
        source: String(source.id), sourceName: source.name, manifest: manifest.data, location: new URL(item.url, source.url).toString(),
        signature: signature?.success ? signature.data : null,
        compatible: platformSatisfies(PLATFORM_VERSION, manifest.data.minPlatformVersion),
      });
    }
    await db('plugin_catalog_sources').where({ id: source.id }).update({ last_fetched_at: db.fn.now(), last_error: null });
    return entries;
  } catch (err) {
    await db('plugin_catalog_sources').where({ id: source.id }).update({ last_fetched_at: db.fn.now(), last_error: String((err as Error).message ?? err).slice(0, 500) });
    return [];
  }
}

/** Every catalog entry from every source, optionally filtered by a search over id, name, description, channels. */
export async function browseCatalog(db: Queryable, config: CatalogConfig, opts: { q?: string; logger?: Logger } = {}): Promise<CatalogEntry[]> {
  const sources = await db('plugin_catalog_sources').orderBy('id').select<SourceRow[]>('*');
  const remote = (await Promise.all(sources.map((s) => remoteEntries(db, config, s)))).flat();
  const all = [...builtinEntries(config, opts.logger), ...remote];
  const q = opts.q?.trim().toLowerCase();
  const matches = q
    ? all.filter((e) => [e.manifest.id, e.manifest.name, e.manifest.description, ...e.manifest.channels, ...e.manifest.kinds].some((s) => s.toLowerCase().includes(q)))
    : all;
  return matches.sort((a, b) => a.manifest.id.localeCompare(b.manifest.id) || compareVersions(b.manifest.version, a.manifest.version));
}

/** The entry to install: the named source (or any), the named version (or the newest compatible one). */
export async function findCatalogEntry(
  db: Queryable, config: CatalogConfig, want: { pluginId: string; version?: string | undefined; source?: string | undefined },
): Promise<CatalogEntry> {
  const entries = (await browseCatalog(db, config)).filter((e) =>
    e.manifest.id === want.pluginId && (!want.source || e.source === want.source) && (!want.version || e.manifest.version === want.version));
  const entry = entries.find((e) => e.compatible) ?? entries[0];
  if (!entry) throw notFound('Catalog plugin', want.version ? `${want.pluginId}@${want.version}` : want.pluginId);
  if (!entry.compatible) {
    throw new LanternError('validation', `${entry.manifest.id} ${entry.manifest.version} needs platform ${entry.manifest.minPlatformVersion} or newer (this is ${PLATFORM_VERSION})`, {
      fields: [{ path: 'version', message: 'needs a newer platform' }], extensions: { code: 'platform_too_old' },
    });
  }
  return entry;
}

/** The package bytes and signature of an entry (built-in: packed and signed here; remote: downloaded). */
export async function fetchPackage(db: Queryable, config: CatalogConfig, entry: CatalogEntry): Promise<{ bytes: Buffer; signature: unknown }> {
  if (entry.source === 'builtin') return builtinPackage(db, config, entry);
  try {
    const bytes = await fetchLimited(entry.location, config.plugins.catalogTimeoutMs, MAX_PACKAGE_BYTES);
    if (!bytes) throw new Error(`${entry.location} answered HTTP 404`);
    if (entry.signature) return { bytes, signature: entry.signature };
    const sig = await fetchLimited(`${entry.location}.sig.json`, config.plugins.catalogTimeoutMs, 64 * 1024);
    let signature: unknown = undefined;
    if (sig) {
      try { signature = JSON.parse(sig.toString('utf8')); } catch { signature = { malformed: true }; }
    }
    return { bytes, signature };
  } catch (err) {
    throw new LanternError('bad_request', `The package could not be downloaded: ${(err as Error).message}`, { extensions: { code: 'download_failed' } });
  }
}

export const addSourceSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  url: z.url({ protocol: /^https?$/ }).max(2000),
});

export async function addCatalogSource(db: Queryable, actor: Actor, input: z.infer<typeof addSourceSchema>): Promise<SourceRow> {
  return db.transaction(async (trx) => {
    if (await trx('plugin_catalog_sources').where({ url: input.url }).first('id')) throw conflict(`The catalog ${input.url} is already a source`);
    const [row] = await trx('plugin_catalog_sources').insert({ name: input.name, url: input.url }).returning<SourceRow[]>('*');
    await recordAudit(trx, actor, { action: 'plugin_catalog_source.create', entityType: 'plugin_catalog_source', entityId: row!.id, after: sourceView(row!) });
    return row!;
  });
}

export async function removeCatalogSource(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const row = await trx('plugin_catalog_sources').where({ id }).forUpdate().first<SourceRow | undefined>();
    if (!row) throw notFound('Catalog source', id);
    await trx('plugin_catalog_sources').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'plugin_catalog_source.delete', entityType: 'plugin_catalog_source', entityId: id, before: sourceView(row) });
  });
}

export const listCatalogSources = (db: Queryable) => db('plugin_catalog_sources').orderBy('id').select<SourceRow[]>('*');

