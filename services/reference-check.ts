import { validationError } from '../core/errors';
import type { Queryable } from '../db/knex';

/** Ids a request body refers to, checked together so one response names every broken reference. */
export type ReferenceCheck = { path: string; table: string; id: number; where?: Record<string, unknown> };

/** One round trip for all checks: `SELECT EXISTS(...) AS c0, EXISTS(...) AS c1, ...`. */
export async function assertReferencesExist(db: Queryable, checks: ReferenceCheck[]): Promise<void> {
  if (!checks.length) return;
  const columns = checks.map((c, i) => db.raw(`EXISTS(?) AS ??`, [db(c.table).where({ id: c.id, ...(c.where ?? {}) }).select(db.raw('1')), `c${i}`]));
  const { rows } = await db.raw('SELECT ' + columns.map(() => '?').join(', '), columns);
  const found = rows[0] as Record<string, boolean>;
  const errors = checks
    .filter((_, i) => !found[`c${i}`])
    .map((c) => ({ path: c.path, message: `${c.table.replace(/s$/, '')} ${c.id} does not exist${c.where ? ' or is inactive' : ''}` }));
  if (errors.length) throw validationError('The request refers to records that do not exist', errors);
}
