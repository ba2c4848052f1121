import { validationError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';

/** Statuses and priorities: admin rows of which exactly one, always active, is the default. */
type DefaultFlags = { is_default: boolean; active: boolean };

/** Refuse writes that would leave no default or an inactive one. */
export function checkDefaultRules(label: string, before: DefaultFlags | null, next: DefaultFlags): void {
  if (before?.is_default && !next.is_default) {
    throw validationError(`The default ${label} cannot be unset`, [{ path: 'isDefault', message: `make another ${label} the default instead; there must always be one` }]);
  }
  if (next.is_default && !next.active) {
    throw validationError(`The default ${label} must stay active`, [{ path: 'active', message: `make another ${label} the default first, then deactivate this one` }]);
  }
}

/**
 * Unset the current default (other than `keepId`) so another row can take the flag in the same transaction;
 * the old default's change is audited like any other edit. Callers hold the table's invariant lock.
 */
export async function releaseDefault<R extends { id: number }>(
  trx: Queryable, actor: Actor,
  opts: { table: string; entityType: string; view: (row: R) => Record<string, unknown>; keepId?: number },
): Promise<void> {
  const q = trx(opts.table).where({ is_default: true }).forUpdate();
  if (opts.keepId !== undefined) q.whereNot('id', opts.keepId);
  const old = (await q.first()) as R | undefined;
  if (!old) return;
  const [after] = (await trx(opts.table)
    .where({ id: old.id })
    .update({ is_default: false, updated_at: trx.fn.now(), version: trx.raw('version + 1') })
    .returning('*')) as R[];
  await recordAudit(trx, actor, { action: `${opts.entityType}.update`, entityType: opts.entityType, entityId: old.id, before: opts.view(old), after: opts.view(after!) });
}
