import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config/config';

type PathConfig = Pick<Config, 'dataDir' | 'plugins'>;

/** The local catalog: the repository's plugins/ folder unless LANTERN_PLUGINS_DIR says otherwise. */
export const builtinCatalogDir = (config: PathConfig) =>
  resolve(config.plugins.catalogDir ?? fileURLToPath(new URL('../../plugins', import.meta.url)));

const root = (config: PathConfig) => resolve(config.dataDir, 'plugins');
/** Unpacked code of one installed version (replaced on upgrade, deleted on purge). */
export const installDir = (config: PathConfig, pluginId: string, version: string) => join(root(config), 'code', pluginId, version);
export const pluginCodeRoot = (config: PathConfig, pluginId: string) => join(root(config), 'code', pluginId);
/** The plugin's own writable data (LANTERN_PLUGIN_DATA_DIR): kept across restarts, upgrades and uninstall. */
export const pluginDataDir = (config: PathConfig, pluginId: string) => join(root(config), 'data', pluginId);
/** Built-in packages packed and signed at start. */
export const builtinPackagesDir = (config: PathConfig) => join(root(config), 'builtin-packages');
/** The built-in publisher's private key, generated on first start (the repository cannot hold one). */
export const builtinKeyFile = (config: PathConfig) => join(root(config), 'builtin-publisher-key.pem');
