import semver from 'semver';
import { z } from 'zod';

/** What a plugin may ask for; the host checks the granted subset on every Host RPC (docs/plugins.md). */
export const PLUGIN_PERMISSIONS = [
  'inbound:submit',
  'customers:read',
  'customers:write',
  'deliveries:update',
  'events:subscribe',
  'notes:read',
] as const;
export type PluginPermission = (typeof PLUGIN_PERMISSIONS)[number];

export const PLUGIN_KINDS = ['channel', 'automation'] as const;

/** Plugin ids double as folder names and URL segments: lower-case, digits, dashes. */
export const pluginIdSchema = z.string().regex(/^[a-z][a-z0-9-]{1,62}[a-z0-9]$/, 'must be 3-64 characters: a-z, 0-9 and dashes, starting with a letter');
export const semverSchema = z.string().refine((v) => semver.valid(v) === v, 'must be a semantic version such as 1.2.3');
/** Channel names become ticket.channel values. */
export const channelNameSchema = z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, 'must be 2-32 characters: a-z, 0-9 and underscores');

/** The JSON Schema object describing the plugin's settings (draft 2020-12, `x-secret: true` on secret fields). */
export const configSchemaSchema = z.looseObject({
  type: z.literal('object'),
  properties: z.record(z.string(), z.looseObject({})).default({}),
  required: z.array(z.string()).optional(),
});

export const manifestSchema = z.strictObject({
  id: pluginIdSchema,
  name: z.string().trim().min(1).max(100),
  version: semverSchema,
  publisher: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'must be a publisher id: a-z, 0-9 and dashes'),
  description: z.string().max(2000).default(''),
  kinds: z.array(z.enum(PLUGIN_KINDS)).min(1),
  channels: z.array(channelNameSchema).default([]),
  permissions: z.array(z.enum(PLUGIN_PERMISSIONS)).default([]),
  configSchema: configSchemaSchema.default({ type: 'object', properties: {} }),
  // Relative path inside the package, no escaping it.
  entry: z.string().regex(/^(?!\/)(?!.*\.\.)[\w./-]+\.m?js$/, 'must be a relative path to a .js/.mjs file inside the package'),
  minPlatformVersion: semverSchema,
  homepage: z.url().optional(),
  icon: z.string().max(200).optional(),
}).superRefine((m, ctx) => {
  if (m.kinds.includes('channel') && m.channels.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['channels'], message: 'a channel plugin names at least one channel' });
  }
});
export type PluginManifest = z.infer<typeof manifestSchema>;

/** -1, 0, 1 like a comparator; both sides must be valid versions (the manifest schema guarantees it). */
export const compareVersions = (a: string, b: string): number => semver.compare(a, b);

/** The platform is new enough for the plugin. */
export const platformSatisfies = (platformVersion: string, minPlatformVersion: string): boolean =>
  semver.gte(platformVersion, minPlatformVersion);

export const isPluginPermission = (s: string): s is PluginPermission => (PLUGIN_PERMISSIONS as readonly string[]).includes(s);
