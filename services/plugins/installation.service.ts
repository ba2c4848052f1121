import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Config } from '../../config/config';
import { LanternError, conflict, notFound, validationError } from '../../core/errors';
import { splitSecrets, validatePluginConfig, secretFields } from '../../core/plugins/config-schema';
import { compareVersions, PLUGIN_PERMISSIONS, pluginIdSchema, semverSchema, type PluginManifest } from '../../core/plugins/manifest.schema';
import type { Actor } from '../../core/principal';
import type { Db, Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { fetchPackage, findCatalogEntry } from './catalog.service';
import { findInstallation, installationView, type InstallationRow } from './installation.repository';
import { notifyPluginChanged } from './plugin-notify';
import { installDir, pluginCodeRoot, pluginDataDir } from './plugin-paths';
import { unpackPackage, verifyPackage } from './plugin-package';
import { decryptJson, encryptJson, encryptSecret, hashToken, newToken } from './plugin-secrets';
import { trustedKeys } from './publisher-keys.service';

type ServiceConfig = Pick<Config, 'dataDir' | 'plugins' | 'secretKey' | 'http'>;

const permission = z.enum(PLUGIN_PERMISSIONS);
const configObject = z.record(z.string(), z.unknown());

export const installSchema = z.strictObject({
  pluginId: pluginIdSchema,
  version: semverSchema.optional(),
  /** Catalog source id, or 'builtin'; any source when absent. */
  source: z.string().max(40).optional(),
  /** The requested permissions the admin approves (a subset may be granted; the rest stay denied). */
  approvedPermissions: z.array(permission).max(PLUGIN_PERMISSIONS.length),
  config: configObject.default({}),
  mode: z.enum(['supervised', 'external']).default('supervised'),
  /** host:port of an external plugin process (mode external). */
  externalAddress: z.string().regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port').optional(),
});
export const configureSchema = z.strictObject({ config: configObject });
export const upgradeSchema = z.strictObject({
  version: semverSchema.optional(),
  source: z.string().max(40).optional(),
  approvedPermissions: z.array(permission).max(PLUGIN_PERMISSIONS.length).optional(),
  config: configObject.optional(),
});

const audit = (trx: Queryable, actor: Actor, action: string, row: InstallationRow, before: InstallationRow | null, config: ServiceConfig) =>
  recordAudit(trx, actor, {
    action, entityType: 'plugin', entityId: row.plugin_id,
    before: before ? installationView(before, config) : null, after: installationView(row, config),
  });

function checkPermissions(manifest: PluginManifest, approved: string[]): string[] {
  const extra = approved.filter((p) => !manifest.permissions.includes(p as never));
  if (extra.length) {
    throw validationError('Only permissions the plugin requests can be approved', extra.map((p) => ({ path: 'approvedPermissions', message: `${p} is not requested by ${manifest.id}` })));
  }
  return [...new Set(approved)].sort();
}

/** Validate settings against the manifest; secrets left out keep their stored value (the UI never sees them). */
function validatedConfig(config: ServiceConfig, manifest: PluginManifest, input: Record<string, unknown>, storedSecrets: Record<string, string>) {
  const secretNames = secretFields(manifest.configSchema);
  const merged: Record<string, unknown> = { ...input };
  for (const name of secretNames) {
    if ((merged[name] === undefined || merged[name] === '') && storedSecrets[name] !== undefined) merged[name] = storedSecrets[name];
  }
  const result = validatePluginConfig(manifest.configSchema, merged);
  if (!result.ok) throw new LanternError('validation', `The configuration does not match ${manifest.id}'s settings schema`, { fields: result.errors });
  const { settings, secrets } = splitSecrets(manifest.configSchema, result.value);
  return { settings, secretsEncrypted: Object.keys(secrets).length ? encryptJson(config, secrets) : null };
}

/** Download (or build), verify checksum and signature, unpack into the version's folder; returns its manifest. */
async function fetchVerifyUnpack<T>(
  db: Queryable, config: ServiceConfig, want: { pluginId: string; version?: string | undefined; source?: string | undefined },
  /** Checks on the package's own manifest (permissions, config) before anything is put in place. */
  check: (manifest: PluginManifest) => T,
) {
  const entry = await findCatalogEntry(db, config, want);
  const { bytes, signature } = await fetchPackage(db, config, entry);
  const sig = verifyPackage(bytes, signature, await trustedKeys(db));
  const dest = installDir(config, entry.manifest.id, entry.manifest.version);
  const staging = `${dest}.staging-${process.pid}-${Date.now()}`;
  let manifest: PluginManifest;
  let checked: T;
  try {
    manifest = await unpackPackage(bytes, staging);
    if (manifest.id !== entry.manifest.id || manifest.version !== entry.manifest.version) {
      throw validationError('The package is not what the catalog announced', [{ path: 'package', message: `contains ${manifest.id}@${manifest.version}, the catalog said ${entry.manifest.id}@${entry.manifest.version}` }]);
    }
    if (manifest.publisher !== sig.publisher) {
      throw validationError('The package is signed by another publisher', [{ path: 'package', message: `manifest publisher ${manifest.publisher}, signed by ${sig.publisher}` }]);
    }
    checked = check(manifest);
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dirname(dest), { recursive: true });
    renameSync(staging, dest);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  mkdirSync(pluginDataDir(config, manifest.id), { recursive: true });
  return { manifest, keyId: sig.keyId, checked: checked! };
}

export type InstallResult = { row: InstallationRow; externalCredentials: { pluginToken: string; hostCallToken: string } | null };

/** Install from the catalog: verify, approve permissions, validate config, unpack; the supervisor starts it. */
export async function installPlugin(db: Db, config: ServiceConfig, actor: Actor, input: z.infer<typeof installSchema>): Promise<InstallResult> {
  const existing = await findInstallation(db, input.pluginId);
  if (existing && !existing.uninstalled_at) throw conflict(`${input.pluginId} is already installed (version ${existing.version}); upgrade it instead`);
  if (input.mode === 'external' && !input.externalAddress) throw validationError('An external plugin needs its address', [{ path: 'externalAddress', message: 'is required for mode external' }]);
  // Validate what we can before downloading anything.
  const storedSecrets = existing ? decryptJson(config, existing.secrets_encrypted) : {};
  const { manifest, keyId, checked } = await fetchVerifyUnpack(db, config, input, (m) => ({
    granted: checkPermissions(m, input.approvedPermissions),
    ...validatedConfig(config, m, input.config, storedSecrets),
  }));
  const { granted, settings, secretsEncrypted } = checked;
  // External plugins get their tokens now (shown once); supervised ones get fresh tokens at every start.
  const external = input.mode === 'external' ? { pluginToken: newToken('lpt'), hostCallToken: newToken('lht') } : null;
  const row = await db.transaction(async (trx) => {
    const values = {
      version: manifest.version, previous_version: null, publisher: manifest.publisher, key_id: keyId, manifest: JSON.stringify(manifest),
      channels: manifest.channels, mode: input.mode, external_address: input.externalAddress ?? null, enabled: true,
      status: 'stopped', health: 'unknown', health_detail: '', granted_permissions: granted, settings: JSON.stringify(settings),
      secrets_encrypted: secretsEncrypted, restarts: 0, last_error: null, uninstalled_at: null, runtime_address: input.externalAddress ?? null,
      plugin_token_hash: external ? hashToken(external.pluginToken) : null,
      host_call_token_encrypted: external ? encryptSecret(config, external.hostCallToken) : null,
      updated_at: trx.fn.now(),
    };
    const [saved] = existing
      ? await trx('plugin_installations').where({ id: existing.id }).update({ ...values, row_version: trx.raw('row_version + 1') }).returning<InstallationRow[]>('*')
      : await trx('plugin_installations').insert({ plugin_id: manifest.id, ...values }).returning<InstallationRow[]>('*');
    await audit(trx, actor, 'plugin.install', saved!, existing ?? null, config);
    await notifyPluginChanged(trx, manifest.id);
    return saved!;
  });
  return { row, externalCredentials: external };
}

async function mustFind(trx: Queryable, pluginId: string): Promise<InstallationRow> {
  const row = await findInstallation(trx, pluginId, { forUpdate: true });
  if (!row || row.uninstalled_at) throw notFound('Installed plugin', pluginId);
  return row;
}

export async function getInstallation(db: Queryable, pluginId: string): Promise<InstallationRow> {
  const row = await findInstallation(db, pluginId);
  if (!row) throw notFound('Installed plugin', pluginId);
  return row;
}

export async function listInstallations(db: Queryable, opts: { includeUninstalled?: boolean } = {}): Promise<InstallationRow[]> {
  return db('plugin_installations').modify((q) => { if (!opts.includeUninstalled) q.whereNull('uninstalled_at'); })
    .orderBy('plugin_id').select<InstallationRow[]>('*');
}

/** New settings: validated, secrets encrypted; the supervisor sends Configure to the running plugin. */
export async function configurePlugin(db: Db, config: ServiceConfig, actor: Actor, pluginId: string, input: z.infer<typeof configureSchema>): Promise<InstallationRow> {
  return db.transaction(async (trx) => {
    const before = await mustFind(trx, pluginId);
    const { settings, secretsEncrypted } = validatedConfig(config, before.manifest, input.config, decryptJson(config, before.secrets_encrypted));
    const [row] = await trx('plugin_installations').where({ id: before.id })
      .update({ settings: JSON.stringify(settings), secrets_encrypted: secretsEncrypted, updated_at: trx.fn.now(), row_version: trx.raw('row_version + 1') })
      .returning<InstallationRow[]>('*');
    await audit(trx, actor, 'plugin.configure', row!, before, config);
    await notifyPluginChanged(trx, pluginId);
    return row!;
  });
}

/**
 * Switch to another version. The supervisor starts it and checks its health; a failed check rolls back to
 * `previous_version` (status and last_error tell the admin).
 */
export async function upgradePlugin(db: Db, config: ServiceConfig, actor: Actor, pluginId: string, input: z.infer<typeof upgradeSchema>): Promise<InstallationRow> {
  const current = await findInstallation(db, pluginId);
  if (!current || current.uninstalled_at) throw notFound('Installed plugin', pluginId);
  const { manifest, keyId, checked: granted } = await fetchVerifyUnpack(db, config, { pluginId, version: input.version, source: input.source }, (m) => {
    if (m.version === current.version) throw conflict(`${pluginId} ${m.version} is already installed`);
    // Permissions granted before stay granted if the new version still requests them; new ones need approval.
    return checkPermissions(m, input.approvedPermissions ?? current.granted_permissions.filter((p) => m.permissions.includes(p as never)));
  });
  return db.transaction(async (trx) => {
    const before = await mustFind(trx, pluginId);
    const storedSecrets = decryptJson(config, before.secrets_encrypted);
    const { settings, secretsEncrypted } = validatedConfig(config, manifest, input.config ?? before.settings, storedSecrets);
    const [row] = await trx('plugin_installations').where({ id: before.id }).update({
      version: manifest.version, previous_version: before.version, key_id: keyId, manifest: JSON.stringify(manifest), channels: manifest.channels,
      granted_permissions: granted, settings: JSON.stringify(settings), secrets_encrypted: secretsEncrypted,
      status: before.mode === 'supervised' ? 'upgrading' : before.status, last_error: null, restarts: 0,
      updated_at: trx.fn.now(), row_version: trx.raw('row_version + 1'),
    }).returning<InstallationRow[]>('*');
    await audit(trx, actor, compareVersions(manifest.version, before.version) > 0 ? 'plugin.upgrade' : 'plugin.downgrade', row!, before, config);
    await notifyPluginChanged(trx, pluginId);
    return row!;
  });
}

/** Enable (also clears a crash loop: the supervisor starts it afresh) or disable (stopped, webhooks 404). */
export async function setPluginEnabled(db: Db, config: ServiceConfig, actor: Actor, pluginId: string, enabled: boolean): Promise<InstallationRow> {
  return db.transaction(async (trx) => {
    const before = await mustFind(trx, pluginId);
    const [row] = await trx('plugin_installations').where({ id: before.id }).update({
      enabled, restarts: 0, ...(enabled && { last_error: null }), status: enabled ? 'stopped' : 'stopped',
      updated_at: trx.fn.now(), row_version: trx.raw('row_version + 1'),
    }).returning<InstallationRow[]>('*');
    await audit(trx, actor, enabled ? 'plugin.enable' : 'plugin.disable', row!, before, config);
    await notifyPluginChanged(trx, pluginId);
    return row!;
  });
}

/** Stop and remove the plugin; its data folder, settings and history stay until purge. */
export async function uninstallPlugin(db: Db, config: ServiceConfig, actor: Actor, pluginId: string): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await mustFind(trx, pluginId);
    const [row] = await trx('plugin_installations').where({ id: before.id }).update({
      enabled: false, status: 'uninstalled', uninstalled_at: trx.fn.now(), plugin_token_hash: null, host_call_token_encrypted: null,
      runtime_address: null, updated_at: trx.fn.now(), row_version: trx.raw('row_version + 1'),
    }).returning<InstallationRow[]>('*');
    await audit(trx, actor, 'plugin.uninstall', row!, before, config);
    await notifyPluginChanged(trx, pluginId);
  });
  rmSync(pluginCodeRoot(config, pluginId), { recursive: true, force: true });
}

/** Delete an uninstalled plugin's settings, secrets and data folder for good. */
export async function purgePlugin(db: Db, config: ServiceConfig, actor: Actor, pluginId: string): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await findInstallation(trx, pluginId, { forUpdate: true });
    if (!before) throw notFound('Plugin', pluginId);
    if (!before.uninstalled_at) throw conflict(`Uninstall ${pluginId} before purging its data`);
    await trx('plugin_installations').where({ id: before.id }).delete();
    await recordAudit(trx, actor, { action: 'plugin.purge', entityType: 'plugin', entityId: pluginId, before: installationView(before, config) });
  });
  for (const dir of [pluginCodeRoot(config, pluginId), pluginDataDir(config, pluginId)]) {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
