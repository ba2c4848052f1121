/**
 * A generated corpus of bad requests for one route, derived from its zod schemas (through JSON Schema) so
 * every route, including ones added later, gets the same treatment. Every probe must be refused with a 4xx:
 * none of them is a request the API should accept.
 */
import fc from 'fast-check';
import { z } from 'zod';
import type { RouteDef } from '../../gateway/http/route';
import { fillPath, type PathParams } from './route-cases';

export type Probe = {
  label: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Serialised as JSON with content-type application/json. */
  body?: unknown;
  /** Sent verbatim; give the content-type in `headers`. */
  rawBody?: string | Buffer;
  /** A field the problem's `errors[]` must name when the answer is a validation error. */
  field?: string;
};

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';
export type JsonSchema = {
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
};

export const toJsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

const SQL_INJECTIONS = ["' OR 1=1 --", '1); DROP TABLE tickets; --', "x' UNION SELECT password_hash FROM workers --"];
const HTML_PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];
const MAX_SAFE_PLUS = '9223372036854775808'; // 2^63: beyond bigint and beyond JS safe integers
/** Placeholder swapped for raw JSON text that JSON.stringify cannot produce (huge numbers, 1e309). */
const RAW = '__raw_json_value__';

/** Values that are never valid ids, counts or cursors in a path or query string. */
const BAD_PATH_IDS = ['abc', '-1', '0', '1.5', MAX_SAFE_PLUS, '1;DROP TABLE tickets', "' OR 1=1 --", '%00', '\u0000', 'NaN', 'Infinity', '<script>'];
export const UNKNOWN_ID = 999_999_999;

/** Stable 32-bit seed per route, so each route gets its own but reproducible generated values. */
export function seedFor(base: number, key: string): number {
  let h = base | 0;
  for (const ch of key) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

function typesOf(js: JsonSchema): Set<JsonType> {
  const out = new Set<JsonType>();
  const add = (s: JsonSchema) => typesOf(s).forEach((t) => out.add(t));
  if (Array.isArray(js.type)) js.type.forEach((t) => out.add(t));
  else if (js.type) out.add(js.type);
  js.anyOf?.forEach(add);
  js.oneOf?.forEach(add);
  for (const v of [...(js.enum ?? []), ...(js.const !== undefined ? [js.const] : [])]) {
    out.add(v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as JsonType));
  }
  if (out.has('integer')) out.add('number');
  return out;
}

const typeOfValue = (v: unknown): JsonType => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as JsonType));

function matchesString(js: JsonSchema, s: string): boolean {
  if (js.minLength !== undefined && s.length < js.minLength) return false;
  if (js.maxLength !== undefined && s.length > js.maxLength) return false;
  if (js.pattern && !new RegExp(js.pattern, 'u').test(s)) return false;
  return true;
}

const STRING_CANDIDATES = ['probe', 'en', '#1a2b3c', 'probe_key', 'probe@example.com', 'https://example.com/hook', '2026-01-01', '2026-01-01T00:00:00Z', 'probe-value-long-enough'];

/** A value the schema accepts, as far as JSON Schema can tell (zod refinements are checked by the caller). */
export function sampleValue(js: JsonSchema, name = ''): unknown {
  if (js.const !== undefined) return js.const;
  if (js.enum?.length) return js.enum[0];
  const options = js.anyOf ?? js.oneOf;
  if (options?.length) return sampleValue(options.find((o) => !typesOf(o).has('null') || typesOf(o).size > 1) ?? options[0]!, name);
  const types = typesOf(js);
  if (types.has('object') && js.properties) return sampleObject(js, true);
  if (types.has('object')) return {};
  if (types.has('array')) return Array.from({ length: js.minItems ?? 0 }, (_, i) => {
    const item = sampleValue(js.items ?? {}, name);
    return typeof item === 'number' ? item + i : item;
  });
  if (types.has('integer') || types.has('number')) return js.minimum ?? (js.exclusiveMinimum !== undefined ? Math.floor(js.exclusiveMinimum) + 1 : 1);
  if (types.has('boolean')) return true;
  if (types.has('string')) {
    const hinted = /url/i.test(name) ? ['https://example.com/hook', ...STRING_CANDIDATES] : /email/i.test(name) ? ['probe@example.com', ...STRING_CANDIDATES] : STRING_CANDIDATES;
    const found = hinted.find((c) => (js.format !== 'email' || c.includes('@')) && matchesString(js, c));
    return found ?? 'p'.repeat(Math.max(js.minLength ?? 1, 1));
  }
  return null;
}

/** Required properties only; nested objects with nothing required get their first property so they are not empty. */
function sampleObject(js: JsonSchema, nested: boolean): Record<string, unknown> {
  const props = js.properties ?? {};
  const keys = js.required?.length ? js.required : nested ? Object.keys(props).slice(0, 1) : [];
  return Object.fromEntries(keys.map((k) => [k, sampleValue(props[k] ?? {}, k)]));
}

/**
 * A body the route's schema accepts, if one can be synthesised: required fields, then required plus each
 * optional field in turn (for "give at least one" and "exactly one of" refinements). Null when none passes.
 */
export function validBody(schema: z.ZodType): Record<string, unknown> | null {
  const js = toJsonSchema(schema);
  const base = sampleObject(js, false);
  const candidates = [base, ...Object.entries(js.properties ?? {}).filter(([k]) => !(k in base)).map(([k, p]) => ({ ...base, [k]: sampleValue(p, k) }))];
  return candidates.find((c) => schema.safeParse(c).success) ?? null;
}

/** Values of the wrong JSON type for a property, plus boundary breakers the type allows but the schema does not. */
function wrongValues(js: JsonSchema, seed: number): { value: unknown; raw?: string; why: string }[] {
  const types = typesOf(js);
  if (types.size === 0) return []; // z.unknown(): anything goes
  const out: { value: unknown; raw?: string; why: string }[] = [];
  const pool: [JsonType, unknown][] = [['string', SQL_INJECTIONS[0]], ['number', 1.5], ['boolean', true], ['null', null], ['array', [1, 'x']], ['object', { nested: 1 }]];
  for (const [type, value] of pool) if (!types.has(type)) out.push({ value, why: `${type} instead of ${[...types].join('|')}` });
  const generated = fc.sample(fc.jsonValue({ maxDepth: 2 }).filter((v) => !types.has(typeOfValue(v))), { seed, numRuns: 1 });
  generated.forEach((value) => out.push({ value, why: 'generated wrong type' }));

  const isInt = types.has('integer') && !(Array.isArray(js.type) ? js.type.includes('number') : js.type === 'number');
  if (types.has('number')) {
    if (isInt) out.push({ value: 1.5, why: 'fraction for an integer' });
    if ((js.minimum ?? js.exclusiveMinimum ?? -Infinity) >= 0) out.push({ value: -1, why: 'negative' });
    if ((js.exclusiveMinimum ?? -Infinity) >= 0 || (js.minimum ?? -Infinity) >= 1) out.push({ value: 0, why: 'zero' });
    if (js.maximum !== undefined && js.maximum < 2 ** 53) out.push({ value: null, raw: MAX_SAFE_PLUS, why: '2^63' });
    out.push({ value: null, raw: '1e309', why: 'overflows to Infinity' });
  }
  if (types.has('string') && !types.has('number')) {
    if (js.enum?.length) {
      out.push({ value: 'not-a-choice', why: 'unknown enum value' });
      out.push({ value: SQL_INJECTIONS[1], why: 'SQL injection as enum value' });
      const upper = String(js.enum[0]).toUpperCase();
      if (!js.enum.includes(upper)) out.push({ value: upper, why: 'enum value in the wrong case' });
    } else if (js.pattern) {
      for (const v of [...SQL_INJECTIONS, ...HTML_PAYLOADS]) if (!new RegExp(js.pattern, 'u').test(v)) out.push({ value: v, why: 'injection in a patterned field' });
    }
    if (js.maxLength !== undefined && js.maxLength < 30_000) out.push({ value: 'x'.repeat(js.maxLength + 1), why: `longer than ${js.maxLength}` });
    if ((js.minLength ?? 0) >= 1) out.push({ value: '', why: 'empty' });
    out.push({ value: `probe\u0000nul`, why: 'NUL character' });
    const lone = fc.sample(fc.tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 0xd800, max: 0xdfff })).map(([s, c]) => `${s}${String.fromCharCode(c)}`), { seed, numRuns: 1 });
    lone.forEach((value) => out.push({ value, why: 'lone surrogate' }));
  }
  if (types.has('array')) {
    if (js.maxItems !== undefined && js.maxItems < 2000) out.push({ value: Array.from({ length: js.maxItems + 1 }, (_, i) => sampleValue(js.items ?? {}, '') ?? i), why: `more than ${js.maxItems} items` });
    if (js.items) for (const w of wrongValues(js.items, seed + 1).slice(0, 3)) if (w.raw === undefined) out.push({ value: [w.value], why: `item: ${w.why}` });
  }
  return out;
}

const json = (v: unknown) => JSON.stringify(v);

/** Raw JSON text for a body with `value` at `key`, even for numbers JSON.stringify cannot write. */
function bodyText(base: Record<string, unknown>, key: string, w: { value: unknown; raw?: string }): string {
  if (w.raw === undefined) return json({ ...base, [key]: w.value });
  return json({ ...base, [key]: RAW }).replace(`"${RAW}"`, w.raw);
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** Malformed JSON that any JSON parser must refuse, whatever route it is sent to. */
function unparseableBodies(seed: number): { label: string; raw: string | Buffer }[] {
  const junk = fc.sample(fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `{${s}`).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }), { seed, numRuns: 2 });
  return [
    { label: 'truncated', raw: '{"subject": "half' },
    { label: 'trailing comma', raw: '{"a": 1,}' },
    { label: 'missing value', raw: '{"a":}' },
    { label: 'NaN literal', raw: '{"a": NaN}' },
    { label: 'single quotes', raw: "{'a': 1}" },
    { label: 'bare string', raw: '"just a string"' },
    { label: 'bare number', raw: '42' },
    { label: 'null', raw: 'null' },
    { label: 'unclosed 10k-deep nesting', raw: '['.repeat(10_000) },
    { label: 'invalid UTF-8 outside strings', raw: Buffer.concat([Buffer.from('{"a": '), Buffer.from([0xff, 0xfe]), Buffer.from('}')]) },
    ...junk.map((raw, i) => ({ label: `generated junk ${i}`, raw })),
  ];
}

/** Well-formed JSON of the wrong shape: only bad for routes that take a JSON body. */
function wrongShapeBodies(): { label: string; raw: string }[] {
  return [
    { label: 'empty body', raw: '' },
    { label: 'array', raw: '[1, 2, 3]' },
    { label: '10k-deep array', raw: `${'['.repeat(10_000)}${']'.repeat(10_000)}` },
    { label: '10k-deep object', raw: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}` },
  ];
}

export type CorpusInput = {
  route: RouteDef;
  params: PathParams;
  bodyLimit: number;
  seed: number;
};

/** Every bad request for one route; path params are real rows so the probes reach past routing. */
export function corpusFor({ route, params, bodyLimit, seed }: CorpusInput): Probe[] {
  const method = route.method.toUpperCase();
  const path = fillPath(route.path, params);
  const probes: Probe[] = [];
  const takesBody = ['POST', 'PUT', 'PATCH'].includes(method);
  const bodySchema = route.body;
  const base = bodySchema ? validBody(bodySchema) : null;
  const baseBody = base ?? {};
  const withBody = bodySchema ? { body: baseBody } : {};

  probes.push({ label: 'malformed Authorization', method, path, headers: { authorization: 'Bearer lk_not_a_real_key' }, ...withBody });

  if (takesBody) {
    for (const b of unparseableBodies(seed)) probes.push({ label: `malformed JSON: ${b.label}`, method, path, headers: JSON_TYPE, rawBody: b.raw });
    const filler = 'x'.repeat(bodyLimit + 1);
    probes.push({ label: 'oversize body', method, path, headers: JSON_TYPE, rawBody: json({ ...baseBody, subject: filler }) });
  }
  if (bodySchema || route.rawBody) {
    for (const [type, raw] of [['text/plain', json(baseBody)], ['application/x-www-form-urlencoded', 'subject=probe&a=1'], ['application/xml', '<a>1</a>']] as const) {
      probes.push({ label: `wrong content type ${type}`, method, path, headers: { 'content-type': type }, rawBody: raw });
    }
  }
  if (bodySchema) {
    for (const b of wrongShapeBodies()) probes.push({ label: `wrong JSON shape: ${b.label}`, method, path, headers: JSON_TYPE, rawBody: b.raw });
    probes.push(...bodyFieldProbes(method, path, toJsonSchema(bodySchema), baseBody, base !== null, seed));
  }
  if (route.params) probes.push(...pathProbes(route, params, withBody));
  if (route.query) probes.push(...queryProbes(method, path, toJsonSchema(route.query), withBody, seed));
  if (route.idempotent && base) {
    probes.push({ label: 'invalid Idempotency-Key', method, path, headers: { 'idempotency-key': 'k'.repeat(300) }, body: base, field: 'Idempotency-Key' });
  }
  return probes;
}

function bodyFieldProbes(method: string, path: string, js: JsonSchema, base: Record<string, unknown>, baseIsValid: boolean, seed: number): Probe[] {
  const probes: Probe[] = [];
  const props = js.properties ?? {};
  const known = new Set(Object.keys(props));
  const unknownKeys = fc.sample(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,15}$/).filter((k) => !known.has(k)), { seed, numRuns: 2 });
  for (const key of ['__proto__', 'constructor', 'isAdmin', ...unknownKeys]) {
    probes.push({ label: `unknown field ${key}`, method, path, headers: JSON_TYPE, rawBody: json(base).replace(/^\{/, `{"${key}": true${Object.keys(base).length ? ',' : ''}`), field: key });
  }
  for (const [key, prop] of Object.entries(props)) {
    wrongValues(prop, seed).forEach((w, i) => {
      probes.push({ label: `${key}: ${w.why}`, method, path, headers: JSON_TYPE, rawBody: bodyText(base, key, w), field: key });
      if (i === 0 && typesOf(prop).has('object') && prop.additionalProperties === false) {
        const inner = sampleValue(prop, key) as Record<string, unknown>;
        probes.push({ label: `${key}: unknown nested field`, method, path, body: { ...base, [key]: { ...inner, nestedUnknown: 1 } }, field: key });
      }
    });
    if (baseIsValid && /ids?$/i.test(key) && typesOf(prop.items ?? prop).has('integer')) {
      probes.push({ label: `${key}: unknown id`, method, path, body: { ...base, [key]: typesOf(prop).has('array') ? [UNKNOWN_ID] : UNKNOWN_ID } });
    }
  }
  const firstString = Object.entries(props).find(([, p]) => typesOf(p).has('string') && !p.enum && !p.pattern);
  if (baseIsValid && firstString) {
    // Invalid UTF-8 inside an otherwise valid string: the decoder must refuse, not store U+FFFD.
    const [key] = firstString;
    const [before, after] = json({ ...base, [key]: RAW }).split(RAW) as [string, string];
    probes.push({ label: `${key}: invalid UTF-8 bytes`, method, path, headers: JSON_TYPE, rawBody: Buffer.concat([Buffer.from(before), Buffer.from([0x70, 0xc3, 0x28, 0xff]), Buffer.from(after)]) });
  }
  return probes;
}

function pathProbes(route: RouteDef, params: PathParams, withBody: { body?: unknown }): Probe[] {
  const method = route.method.toUpperCase();
  const probes: Probe[] = [];
  for (const name of Object.keys(params)) {
    for (const bad of [...BAD_PATH_IDS, String(UNKNOWN_ID)]) {
      probes.push({ label: `path :${name} = ${bad}`, method, path: fillPath(route.path, { ...params, [name]: bad }), ...withBody, ...(bad !== String(UNKNOWN_ID) && { field: name }) });
    }
  }
  return probes;
}

const qs = (q: Record<string, string | string[]>) =>
  Object.entries(q).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`)).join('&');

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64url');

function isCursorShape(v: unknown): boolean {
  return Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[1]) && (v[1] as number) >= 0
    && (v[0] === null || typeof v[0] === 'number' || (typeof v[0] === 'string' && v[0].length <= 100));
}

function queryProbes(method: string, path: string, js: JsonSchema, withBody: { body?: unknown }, seed: number): Probe[] {
  const probes: Probe[] = [];
  const at = (label: string, q: Record<string, string | string[]>, field?: string): Probe => ({ label, method, path: `${path}?${qs(q)}`, ...withBody, ...(field && { field }) });
  probes.push(at('unknown query parameter', { bogusParam: '1' }, 'bogusParam'));
  for (const [key, prop] of Object.entries(js.properties ?? {})) {
    const types = typesOf(prop);
    const itemTypes = prop.items ? typesOf(prop.items) : new Set<JsonType>();
    const numeric = (types.has('integer') || itemTypes.has('integer')) && !types.has('string');
    const enumValues = prop.enum ?? prop.items?.enum;
    if (key === 'cursor') {
      const randomBytes = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 48 }).map(b64), { seed, numRuns: 3 });
      const wrongJson = fc.sample(fc.jsonValue({ maxDepth: 2 }).filter((v) => !isCursorShape(v)).map((v) => b64(JSON.stringify(v))), { seed, numRuns: 3 });
      const fixed = ['not-a-cursor', b64('{"id":1}'), b64('[1]'), b64('["x",-1]'), b64('[null,1.5]'), b64(`["${'a'.repeat(150)}",1]`), b64('[1,9007199254740993]'), b64('["not a date",1]'), b64("[\"' OR 1=1 --\",1]"), '%%%', 'x'.repeat(600)];
      for (const c of [...fixed, ...randomBytes, ...wrongJson]) probes.push(at(`invalid cursor ${c.slice(0, 30)}`, { cursor: c }, 'cursor'));
      continue;
    }
    if (numeric) {
      const generated = fc.sample(fc.string({ maxLength: 8 }).filter((s) => !/^\s*\+?\d+(\.0*)?\s*$/.test(s) && s.trim() !== '' && s !== 'me' && s !== 'none'), { seed, numRuns: 2 });
      // 0 is only bad where the schema says so (an offset may be 0).
      const zeroIsBad = (prop.minimum ?? prop.items?.minimum ?? 1) > 0;
      for (const v of ['abc', '-5', ...(zeroIsBad ? ['0'] : []), '1.5', MAX_SAFE_PLUS, SQL_INJECTIONS[0]!, '%00', ...generated]) probes.push(at(`${key} = ${v}`, { [key]: v }, key));
    }
    if (enumValues?.length) {
      for (const v of ['not-a-choice', SQL_INJECTIONS[1]!, String(enumValues[0]).toUpperCase()]) if (!enumValues.includes(v)) probes.push(at(`${key} = ${v}`, { [key]: v }, key));
    }
    if (types.has('string') && !enumValues?.length && !prop.anyOf) {
      probes.push(at(`${key} repeated`, { [key]: ['a', 'b'] }, key));
      if (prop.maxLength !== undefined) probes.push(at(`${key} too long`, { [key]: 'q'.repeat(prop.maxLength + 1) }, key));
      probes.push(at(`${key} with NUL`, { [key]: 'a\u0000b' }, key));
    }
    if (types.has('array') && prop.items?.type === 'string' && !enumValues) {
      probes.push(at(`${key} with NUL`, { [key]: 'a\u0000b' }, key));
      if (prop.items.maxLength !== undefined) probes.push(at(`${key} item too long`, { [key]: 't'.repeat(prop.items.maxLength + 1) }, key));
    }
  }
  return probes;
}
