import { LanternError, type FieldError } from '../core/errors';

type PgError = { code?: unknown; constraint?: unknown };

const pgError = (err: unknown): PgError | null => (typeof err === 'object' && err !== null ? (err as PgError) : null);

/**
 * Turn a unique violation on a known constraint into a 409 naming the field, so a race that slips past
 * a pre-check still answers like the pre-check would. Anything else is rethrown untouched.
 */
export function rethrowUniqueViolation(err: unknown, fields: Record<string, FieldError>): never {
  const e = pgError(err);
  if (e?.code === '23505' && typeof e.constraint === 'string') {
    const field = fields[e.constraint];
    if (field) throw new LanternError('conflict', `The ${field.path} is already in use`, { fields: [field] });
  }
  throw err;
}

/** A foreign-key violation on delete means another row still points here: a conflict, never a 500. */
export function rethrowStillReferenced(err: unknown, message: string): never {
  if (pgError(err)?.code === '23503') throw new LanternError('conflict', message);
  throw err;
}
