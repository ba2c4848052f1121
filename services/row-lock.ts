import { LanternError, notFound } from '../core/errors';
import type { Queryable } from '../db/knex';

/**
 * Lock one row for the rest of the transaction and check the caller's optimistic version when given:
 * a stale version is a conflict, never a silent overwrite.
 */
export async function lockRow<T extends { id: number; version?: number }>(
  trx: Queryable, table: string, id: number, label: string, expectedVersion?: number,
): Promise<T> {
  const row = (await trx(table).where({ id }).forUpdate().first()) as T | undefined;
  if (!row) throw notFound(label, id);
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw new LanternError('conflict', `${label} ${id} was changed by someone else (you have version ${expectedVersion}, current is ${row.version}); reload and try again`);
  }
  return row;
}

/**
 * Serialize writers of one invariant (one default status, at least one admin) for this transaction.
 * Readers are not blocked; the lock is released at commit or rollback.
 */
export async function lockInvariant(trx: Queryable, name: string): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`lantern:${name}`]);
}
