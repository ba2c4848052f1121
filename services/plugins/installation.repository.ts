import type { Config } from '../../config/config';
import type { PluginManifest } from '../../core/plugins/manifest.schema';
import { secretFields } from '../../core/plugins/config-schema';
import type { Queryable } from '../../db/knex';

export type InstallationStatus = 'stopped' | 'starting' | 'running' | 'unhealthy' | 'crash_loop' | 'upgrading' | 'failed' | 'uninstalled';

export type InstallationRow = {
  id: number;
  plugin_id: string;
  version: string;
  previous_version: string | null;
  publisher: string;
  key_id: string;
  manifest: PluginManifest;
  channels: string[];
  mode: 'supervised' | 'external';
  external_address: string | null;
  enabled: boolean;
  status: InstallationStatus;
  health: string;
  health_detail: string;
  health_checked_at: Date | null;
  granted_permissions: string[];
  settings: Record<string, unknown>;
  secrets_encrypted: string | null;
  plugin_token_hash: string | null;
  host_call_token_encrypted: string | null;
  runtime_address: string | null;
  restarts: number;
  last_error: string | null;
  log_tail: string[];
  uninstalled_at: Date | null;
  created_at: Date;
  updated_at: Date;
  row_version: number;
};

export const findInstallation = (db: Queryable, pluginId: string, opts: { forUpdate?: boolean } = {}) => {
  const q = db('plugin_installations').where({ plugin_id: pluginId }).first<InstallationRow | undefined>();
  if (opts.forUpdate) q.forUpdate();
  return q;
};

export const activeInstallations = (db: Queryable) =>
  db('plugin_installations').whereNull('uninstalled_at').orderBy('plugin_id').select<InstallationRow[]>('*');

/** The installed, enabled plugin serving a channel, if any. */
export const installationForChannel = (db: Queryable, channel: string) =>
  db('plugin_installations').whereNull('uninstalled_at').where({ enabled: true }).whereRaw('? = ANY(channels)', [channel])
    .orderBy('id').first<InstallationRow | undefined>();

/** Where providers send this plugin's webhooks. */
export function publicWebhookUrl(config: Pick<Config, 'http'>, pluginId: string): string {
  const base = config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}`;
  return `${base.replace(/\/$/, '')}/api/v1/plugin-webhooks/${pluginId}`;
}

/** What admins see: never secret values or tokens, only which secret settings are set. */
export function installationView(r: InstallationRow, config: Pick<Config, 'http'>) {
  const secretNames = secretFields(r.manifest.configSchema);
  return {
    id: r.id,
    pluginId: r.plugin_id,
    name: r.manifest.name,
    description: r.manifest.description,
    version: r.version,
    previousVersion: r.previous_version,
    publisher: r.publisher,
    keyId: r.key_id,
    kinds: r.manifest.kinds,
    channels: r.channels,
    mode: r.mode,
    externalAddress: r.external_address,
    enabled: r.enabled,
    status: r.status,
    health: r.health,
    healthDetail: r.health_detail,
    healthCheckedAt: r.health_checked_at?.toISOString() ?? null,
    requestedPermissions: r.manifest.permissions,
    grantedPermissions: r.granted_permissions,
    configSchema: r.manifest.configSchema,
    settings: r.settings,
    secretFields: secretNames,
    secretsSet: r.secrets_encrypted !== null ? secretNames : [],
    restarts: r.restarts,
    lastError: r.last_error,
    webhookUrl: publicWebhookUrl(config, r.plugin_id),
    installedAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    uninstalledAt: r.uninstalled_at?.toISOString() ?? null,
  };
}
export type InstallationView = ReturnType<typeof installationView>;
