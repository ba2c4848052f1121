import type { z } from 'zod';
import { invalidArgument } from './plugin-error';
import type { PluginConfig } from './plugin-types';

/**
 * Validate Configure's settings with secrets merged in (the host sends fields marked x-secret in `secrets`, the
 * rest in settings_json). Bad settings are INVALID_ARGUMENT naming each field.
 */
export function parsePluginSettings<S extends z.ZodType>(schema: S, config: PluginConfig): z.infer<S> {
  const parsed = schema.safeParse({ ...config.settings, ...config.secrets });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw invalidArgument(`invalid settings: ${fields.join('; ')}`);
  }
  return parsed.data;
}
