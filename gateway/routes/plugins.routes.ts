import { z } from 'zod';
import { idParam } from '../../core/schemas/common.schema';
import { pluginIdSchema } from '../../core/plugins/manifest.schema';
import { addCatalogSource, addSourceSchema, browseCatalog, listCatalogSources, removeCatalogSource, sourceView } from '../../services/plugins/catalog.service';
import { installationView } from '../../services/plugins/installation.repository';
import {
  configurePlugin, configureSchema, getInstallation, installPlugin, installSchema, listInstallations, purgePlugin, setPluginEnabled,
  uninstallPlugin, upgradePlugin, upgradeSchema,
} from '../../services/plugins/installation.service';
import { addPublisherKey, addPublisherKeySchema, listPublisherKeys, publisherKeyView, revokePublisherKey } from '../../services/plugins/publisher-keys.service';
import { defineRoute } from '../http/route';

const tag = 'Plugins';
const permission = 'plugins:manage';
const pluginParam = z.strictObject({ pluginId: pluginIdSchema });
const catalogQuery = z.strictObject({ q: z.string().trim().max(200).optional() });
const listQuery = z.strictObject({ includeUninstalled: z.enum(['true', 'false']).optional() });

// Business rules live in services/plugins/; these only validate, call one service and shape the reply.
export const pluginRoutes = [
  defineRoute({
    method: 'get', path: '/plugins/catalog', operationId: 'browsePluginCatalog', summary: 'Browse and search the plugin marketplace', tag, permission,
    query: catalogQuery,
    responses: { 200: { description: 'Installable plugin versions from every catalog source, newest first per plugin' } },
    handler: async ({ query }, { deps }) => {
      const [entries, installed] = await Promise.all([browseCatalog(deps.db, deps.config, { q: query.q, logger: deps.logger }), listInstallations(deps.db)]);
      const byId = new Map(installed.map((r) => [r.plugin_id, r]));
      return {
        body: {
          data: entries.map((e) => ({
            source: e.source, sourceName: e.sourceName, id: e.manifest.id, name: e.manifest.name, version: e.manifest.version,
            publisher: e.manifest.publisher, description: e.manifest.description, kinds: e.manifest.kinds, channels: e.manifest.channels,
            permissions: e.manifest.permissions, configSchema: e.manifest.configSchema, minPlatformVersion: e.manifest.minPlatformVersion,
            compatible: e.compatible, signed: e.source === 'builtin' || e.signature !== null,
            installed: byId.has(e.manifest.id) ? { version: byId.get(e.manifest.id)!.version, status: byId.get(e.manifest.id)!.status } : null,
          })),
        },
      };
    },
  }),
  defineRoute({
    method: 'get', path: '/plugins/sources', operationId: 'listPluginSources', summary: 'List remote catalog sources', tag, permission,
    responses: { 200: { description: 'Catalog URLs with their last fetch result' } },
    handler: async (_input, { db }) => ({ body: { data: (await listCatalogSources(db)).map(sourceView) } }),
  }),
  defineRoute({
    method: 'post', path: '/plugins/sources', operationId: 'addPluginSource', summary: 'Add a remote catalog (an index.json URL)', tag, permission,
    body: addSourceSchema,
    responses: { 201: { description: 'Added' }, 409: { description: 'Already a source' } },
    handler: async ({ body }, { deps, actor }) => ({ status: 201, body: sourceView(await addCatalogSource(deps.db, actor, body)) }),
  }),
  defineRoute({
    method: 'delete', path: '/plugins/sources/:id', operationId: 'removePluginSource', summary: 'Remove a remote catalog', tag, permission,
    params: idParam,
    responses: { 204: { description: 'Removed' } },
    handler: async ({ params }, { deps, actor }) => {
      await removeCatalogSource(deps.db, actor, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'get', path: '/plugins/publishers', operationId: 'listPluginPublishers', summary: 'List trusted publisher keys', tag, permission,
    responses: { 200: { description: 'ed25519 keys packages may be signed with' } },
    handler: async (_input, { db }) => ({ body: { data: (await listPublisherKeys(db)).map(publisherKeyView) } }),
  }),
  defineRoute({
    method: 'post', path: '/plugins/publishers', operationId: 'trustPluginPublisher', summary: 'Trust a publisher key', tag, permission,
    body: addPublisherKeySchema,
    responses: { 201: { description: 'Trusted' }, 409: { description: 'Already trusted' } },
    handler: async ({ body }, { deps, actor }) => ({ status: 201, body: publisherKeyView(await addPublisherKey(deps.db, actor, body)) }),
  }),
  defineRoute({
    method: 'delete', path: '/plugins/publishers/:id', operationId: 'revokePluginPublisher', summary: 'Stop trusting a publisher key', tag, permission,
    params: idParam,
    responses: { 204: { description: 'Revoked' }, 409: { description: 'The built-in key cannot be revoked' } },
    handler: async ({ params }, { deps, actor }) => {
      await revokePublisherKey(deps.db, actor, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'get', path: '/plugins', operationId: 'listPlugins', summary: 'List installed plugins with status and health', tag, permission,
    query: listQuery,
    responses: { 200: { description: 'Installed plugins' } },
    handler: async ({ query }, { deps }) => ({
      body: { data: (await listInstallations(deps.db, { includeUninstalled: query.includeUninstalled === 'true' })).map((r) => installationView(r, deps.config)) },
    }),
  }),
  defineRoute({
    method: 'post', path: '/plugins', operationId: 'installPlugin', summary: 'Install a plugin from the catalog (verified, permissions approved, configured)', tag, permission,
    body: installSchema,
    responses: {
      201: { description: 'Installed; the supervisor starts it. External plugins get their tokens, shown only now' },
      409: { description: 'Already installed' },
      422: { description: 'Unsigned, tampered or untrusted package (problem `code`), unapproved permissions or invalid configuration' },
    },
    handler: async ({ body }, { deps, actor }) => {
      const { row, externalCredentials } = await installPlugin(deps.db, deps.config, actor, body);
      return {
        status: 201,
        body: { ...installationView(row, deps.config), ...(externalCredentials && { credentials: externalCredentials }) },
        headers: { Location: `/api/v1/plugins/${row.plugin_id}` },
      };
    },
  }),
  defineRoute({
    method: 'get', path: '/plugins/:pluginId', operationId: 'getPlugin', summary: 'An installed plugin', tag, permission,
    params: pluginParam,
    responses: { 200: { description: 'The plugin' }, 404: { description: 'Not installed' } },
    handler: async ({ params }, { deps }) => ({ body: installationView(await getInstallation(deps.db, params.pluginId), deps.config) }),
  }),
  defineRoute({
    method: 'put', path: '/plugins/:pluginId/config', operationId: 'configurePlugin', summary: 'Replace the settings (secrets left empty keep their value)', tag, permission,
    params: pluginParam, body: configureSchema,
    responses: { 200: { description: 'Saved and sent to the plugin' }, 422: { description: 'Does not match the settings schema' } },
    handler: async ({ params, body }, { deps, actor }) => ({ body: installationView(await configurePlugin(deps.db, deps.config, actor, params.pluginId, body), deps.config) }),
  }),
  defineRoute({
    method: 'post', path: '/plugins/:pluginId/upgrade', operationId: 'upgradePlugin', summary: 'Switch to another version (rolled back if its health check fails)', tag, permission,
    params: pluginParam, body: upgradeSchema,
    responses: { 202: { description: 'Switching; watch status' } },
    handler: async ({ params, body }, { deps, actor }) => ({ status: 202, body: installationView(await upgradePlugin(deps.db, deps.config, actor, params.pluginId, body), deps.config) }),
  }),
  defineRoute({
    method: 'post', path: '/plugins/:pluginId/enable', operationId: 'enablePlugin', summary: 'Enable (and restart after a crash loop)', tag, permission,
    params: pluginParam,
    responses: { 200: { description: 'Enabled' } },
    handler: async ({ params }, { deps, actor }) => ({ body: installationView(await setPluginEnabled(deps.db, deps.config, actor, params.pluginId, true), deps.config) }),
  }),
  defineRoute({
    method: 'post', path: '/plugins/:pluginId/disable', operationId: 'disablePlugin', summary: 'Disable: stop it; its webhooks answer 404', tag, permission,
    params: pluginParam,
    responses: { 200: { description: 'Disabled' } },
    handler: async ({ params }, { deps, actor }) => ({ body: installationView(await setPluginEnabled(deps.db, deps.config, actor, params.pluginId, false), deps.config) }),
  }),
  defineRoute({
    method: 'get', path: '/plugins/:pluginId/logs', operationId: 'getPluginLogs', summary: 'The last 200 log lines of the plugin process', tag, permission,
    params: pluginParam,
    responses: { 200: { description: 'Oldest first' } },
    handler: async ({ params }, { deps }) => {
      const row = await getInstallation(deps.db, params.pluginId);
      return { body: { pluginId: row.plugin_id, status: row.status, lines: row.log_tail } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/plugins/:pluginId', operationId: 'uninstallPlugin', summary: 'Uninstall (keeps its data and settings until purged)', tag, permission,
    params: pluginParam,
    responses: { 204: { description: 'Uninstalled' } },
    handler: async ({ params }, { deps, actor }) => {
      await uninstallPlugin(deps.db, deps.config, actor, params.pluginId);
      return {};
    },
  }),
  defineRoute({
    method: 'post', path: '/plugins/:pluginId/purge', operationId: 'purgePlugin', summary: 'Delete an uninstalled plugin\'s data for good', tag, permission,
    params: pluginParam,
    responses: { 204: { description: 'Purged' }, 409: { description: 'Still installed' } },
    handler: async ({ params }, { deps, actor }) => {
      await purgePlugin(deps.db, deps.config, actor, params.pluginId);
      return {};
    },
  }),
];
