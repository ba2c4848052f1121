/** The environment the host's supervisor gives every plugin process (docs/plugins.md, "Plugin process environment"). */
export type PluginEnv = {
  pluginId: string;
  listen: string;
  hostCallToken: string;
  hostAddress: string;
  pluginToken: string;
  dataDir: string;
};

const NAMES = {
  pluginId: 'LANTERN_PLUGIN_ID',
  listen: 'LANTERN_PLUGIN_LISTEN',
  hostCallToken: 'LANTERN_HOST_CALL_TOKEN',
  hostAddress: 'LANTERN_HOST_ADDRESS',
  pluginToken: 'LANTERN_PLUGIN_TOKEN',
  dataDir: 'LANTERN_PLUGIN_DATA_DIR',
} as const satisfies Record<keyof PluginEnv, string>;

/** Reads and checks the plugin environment once at start; fails naming every missing variable. */
export function readPluginEnv(env: Record<string, string | undefined> = process.env): PluginEnv {
  const missing: string[] = [];
  const out = {} as PluginEnv;
  for (const [key, name] of Object.entries(NAMES) as Array<[keyof PluginEnv, string]>) {
    const value = env[name]?.trim();
    if (!value) missing.push(name);
    else out[key] = value;
  }
  if (missing.length) throw new Error(`plugin environment incomplete: ${missing.join(', ')} not set`);
  if (!/^[\w.-]+:\d+$/.test(out.listen)) throw new Error(`LANTERN_PLUGIN_LISTEN must be host:port, got "${out.listen}"`);
  return out;
}
