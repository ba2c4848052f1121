import { validationError, type FieldError } from '../core/errors';
import type { Queryable } from '../db/knex';

/** Ids a request body refers to, checked together so one response names every broken reference. */
export type ReferenceCheck = { path: string; table: string; id: number; where?: Record<string, unknown> };

export async function assertReferencesExist(db: Queryable, checks: ReferenceCheck[]): Promise<void> {
  const errors: FieldError[] = [];
  for (const c of checks) {
    const row = await db(c.table).where({ id: c.id, ...(c.where ?? {}) }).first('id');
    if (!row) errors.push({ path: c.path, message: `${c.table.replace(/s$/, '')} ${c.id} does not exist${c.where ? ' or is inactive' : ''}` });
  }
  if (errors.length) throw validationError('The request refers to records that do not exist', errors);
}
