/** Shapes of /api/v1/plugins responses (gateway/routes/plugins.routes.ts, services/plugins/installation.repository.ts). */

export type JsonSchemaProperty = {
  type?: string;
  title?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
  minLength?: number;
  'x-secret'?: boolean;
};
export type ConfigSchema = { type: 'object'; properties: Record<string, JsonSchemaProperty>; required?: string[] };

export type CatalogEntry = {
  source: string;
  sourceName: string;
  id: string;
  name: string;
  version: string;
  publisher: string;
  description: string;
  kinds: string[];
  channels: string[];
  permissions: string[];
  configSchema: ConfigSchema;
  minPlatformVersion: string;
  compatible: boolean;
  signed: boolean;
  installed: { version: string; status: string } | null;
};

export type PluginStatus = 'stopped' | 'starting' | 'running' | 'unhealthy' | 'crash_loop' | 'upgrading' | 'failed' | 'uninstalled';

export type InstalledPlugin = {
  pluginId: string;
  name: string;
  description: string;
  version: string;
  previousVersion: string | null;
  publisher: string;
  channels: string[];
  mode: 'supervised' | 'external';
  enabled: boolean;
  status: PluginStatus;
  health: string;
  healthDetail: string;
  healthCheckedAt: string | null;
  requestedPermissions: string[];
  grantedPermissions: string[];
  configSchema: ConfigSchema;
  settings: Record<string, unknown>;
  secretFields: string[];
  secretsSet: string[];
  restarts: number;
  lastError: string | null;
  webhookUrl: string;
};

export const PLUGIN_PERMISSIONS = ['inbound:submit', 'customers:read', 'customers:write', 'deliveries:update', 'events:subscribe', 'notes:read'] as const;
