/**
 * API errors as words a customer understands, in the UI language: known problem codes get their own sentence
 * (account_locked with the wait, email_not_verified), field errors are keyed by `problem.errors[].path`.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../api';

export const problemCode = (err: unknown): string | undefined => (err instanceof ApiError ? err.problem.code : undefined);

/** The one sentence for an error shown above a form or beside an action. */
export function problemMessage(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof TypeError ? t('portal.errors.network') : t('portal.errors.generic');
  const p = err.problem as ApiError['problem'] & { retryAfterSeconds?: number };
  if (p.code === 'account_locked') return t('portal.errors.locked', { count: Math.max(1, Math.ceil((p.retryAfterSeconds ?? 900) / 60)) });
  if (p.code === 'email_not_verified') return t('portal.errors.notVerified');
  if (p.errors?.length) return t('portal.errors.invalid');
  switch (err.status) {
    case 401: return t('portal.errors.wrongCredentials');
    case 403: return t('portal.errors.forbidden');
    case 404: case 405: return t('portal.errors.notAvailable');
    case 429: return t('portal.errors.tooMany');
    default: return err.status >= 500 ? t('portal.errors.generic') : err.message;
  }
}

/** A localized hint per field path; the server's own words when we have none (they are English). */
export function fieldErrors(t: TFunction, err: unknown, hints: Record<string, string> = {}): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of err.problem.errors ?? []) {
    const field = e.path.split('.')[0] ?? e.path;
    out[field] ??= hints[field] ?? (/required/i.test(e.message) ? t('portal.errors.fields.required') : /too (long|big)|at most/i.test(e.message) ? t('portal.errors.fields.tooLong') : e.message);
  }
  return out;
}

/** The hints most portal forms share. */
export const commonHints = (t: TFunction): Record<string, string> => ({
  email: t('portal.errors.fields.email'),
  password: t('portal.errors.fields.password'),
  newPassword: t('portal.errors.fields.password'),
  rating: t('portal.errors.fields.rating'),
});
