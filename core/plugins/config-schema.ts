import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import type { FieldError } from '../errors';
import type { PluginManifest } from './manifest.schema';

type JsonObject = Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: true });
// `x-secret` marks fields the host stores encrypted and passes as ConfigureRequest.secrets.
ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });

const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

/** Names of the top-level settings marked `"x-secret": true`. */
export function secretFields(schema: PluginManifest['configSchema']): string[] {
  return Object.entries(schema.properties).filter(([, p]) => p['x-secret'] === true).map(([k]) => k);
}

function toFieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    const base = ['config', ...e.instancePath.split('/').filter(Boolean)];
    if (e.keyword === 'required') base.push(String((e.params as { missingProperty: string }).missingProperty));
    if (e.keyword === 'additionalProperties') base.push(String((e.params as { additionalProperty: string }).additionalProperty));
    return { path: base.join('.'), message: e.keyword === 'additionalProperties' ? 'is not a known setting' : (e.message ?? 'is invalid') };
  });
}

/** Check the manifest's config schema itself compiles (a broken schema refuses the package, not the admin). */
export function configSchemaProblem(schema: PluginManifest['configSchema']): string | null {
  try {
    ajv.compile(schema);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Validate settings (secrets included) against the manifest's JSON schema. Returns the settings with schema
 * defaults applied, or the field errors. Paths are `config.<field>` so the UI can point at its inputs.
 */
export function validatePluginConfig(
  schema: PluginManifest['configSchema'], value: unknown,
): { ok: true; value: JsonObject } | { ok: false; errors: FieldError[] } {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  const copy = structuredClone(value ?? {}) as JsonObject;
  if (validate(copy)) return { ok: true, value: copy };
  return { ok: false, errors: toFieldErrors(validate.errors) };
}

/** Split validated settings into plain settings and secrets (strings, as ConfigureRequest.secrets wants them). */
export function splitSecrets(schema: PluginManifest['configSchema'], config: JsonObject): { settings: JsonObject; secrets: Record<string, string> } {
  const secretKeys = new Set(secretFields(schema));
  const settings: JsonObject = {};
  const secrets: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    if (secretKeys.has(k)) secrets[k] = typeof v === 'string' ? v : JSON.stringify(v);
    else settings[k] = v;
  }
  return { settings, secrets };
}
