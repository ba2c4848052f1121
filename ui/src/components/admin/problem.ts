/** Turns an API error into messages for the form: per field (by the problem's `errors[].path`) and the rest. */
import { ApiError } from '../../api';

export type FieldErrors = Record<string, string>;

/** Field errors keyed by their full dotted path (`targets.first_response`, `conditions.0.values`). */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FieldErrors = {};
  for (const e of error.problem.errors ?? []) out[e.path] ??= e.message;
  return out;
}

/** The errors under one field: `{ '': own message, '0.values': … }` for field `conditions`. */
export function errorsUnder(errors: FieldErrors, field: string): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    if (path === field) out[''] = message;
    else if (path.startsWith(`${field}.`)) out[path.slice(field.length + 1)] = message;
  }
  return out;
}

/** The first error at or below a path, for a compact editor that shows one message per row. */
export function firstUnder(errors: FieldErrors, prefix: string): string | undefined {
  return Object.entries(errors).find(([p]) => p === prefix || p.startsWith(`${prefix}.`))?.[1];
}

/** Field errors not claimed by any of the known fields (shown above the form). */
export function unclaimed(errors: FieldErrors, fields: string[]): string[] {
  return Object.entries(errors)
    .filter(([path]) => !fields.some((f) => path === f || path.startsWith(`${f}.`)))
    .map(([path, message]) => `${path}: ${message}`);
}

export const isConflict = (error: unknown) => error instanceof ApiError && error.status === 409;
