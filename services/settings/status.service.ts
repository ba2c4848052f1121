import { LanternError, notFound } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { CreateStatusInput, ListStatusesQuery, StatusView, UpdateStatusInput } from '../../core/schemas/status.schema';
import type { StatusCategory } from '../../core/ticket';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { rethrowStillReferenced, rethrowUniqueViolation } from '../db-errors';
import { keysetPage, type Page } from '../keyset';
import { lockInvariant, lockRow } from '../row-lock';
import { checkDefaultRules, releaseDefault } from './default-row';

type StatusRow = {
  id: number;
  name: string;
  category: StatusCategory;
  position: number;
  color: string;
  is_default: boolean;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
};

const UNIQUE = {
  statuses_name_unique: { path: 'name', message: 'another status has this name' },
  // Only reachable if the invariant lock were bypassed; still a 409, never a 500.
  statuses_one_default: { path: 'isDefault', message: 'another status became the default at the same time; retry' },
};
const ENTITY = 'status';

export function statusView(r: StatusRow): StatusView {
  return {
    id: r.id, name: r.name, category: r.category, position: r.position, color: r.color, isDefault: r.is_default,
    active: r.active, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

export async function listStatuses(db: Queryable, query: ListStatusesQuery): Promise<Page<StatusView>> {
  const q = db('statuses').select('*');
  if (query.active !== undefined) q.where('active', query.active);
  if (query.category?.length) q.whereIn('category', query.category);
  const page = await keysetPage<StatusRow>(q, { column: 'statuses.position', idColumn: 'statuses.id', value: 'number' }, query);
  return { rows: page.rows.map(statusView), nextCursor: page.nextCursor };
}

export async function getStatus(db: Queryable, id: number): Promise<StatusView> {
  const row = (await db('statuses').where({ id }).first()) as StatusRow | undefined;
  if (!row) throw notFound('Status', id);
  return statusView(row);
}

export async function createStatus(db: Queryable, actor: Actor, input: CreateStatusInput): Promise<StatusView> {
  return db.transaction(async (trx) => {
    await lockInvariant(trx, 'statuses.default');
    const flags = { is_default: input.isDefault ?? false, active: input.active ?? true };
    checkDefaultRules(ENTITY, null, flags);
    if (flags.is_default) await releaseDefault(trx, actor, { table: 'statuses', entityType: ENTITY, view: statusView });
    const [row] = (await trx('statuses')
      .insert({ name: input.name, category: input.category, position: input.position ?? 0, color: input.color ?? '#888888', ...flags })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as StatusRow[];
    const view = statusView(row!);
    await recordAudit(trx, actor, { action: 'status.create', entityType: ENTITY, entityId: view.id, after: view });
    return view;
  });
}

/**
 * A category change is copied to every ticket in this status in the same transaction, because queues
 * filter on the denormalized `tickets.status_category`.
 */
export async function updateStatus(
  db: Queryable, actor: Actor, id: number, input: UpdateStatusInput, expectedVersion: number | undefined,
): Promise<StatusView> {
  return db.transaction(async (trx) => {
    await lockInvariant(trx, 'statuses.default');
    const before = await lockRow<StatusRow>(trx, 'statuses', id, 'Status', expectedVersion);
    const flags = { is_default: input.isDefault ?? before.is_default, active: input.active ?? before.active };
    checkDefaultRules(ENTITY, before, flags);
    if (flags.is_default && !before.is_default) await releaseDefault(trx, actor, { table: 'statuses', entityType: ENTITY, view: statusView, keepId: id });
    const [after] = (await trx('statuses')
      .where({ id })
      .update({
        name: input.name ?? before.name,
        category: input.category ?? before.category,
        position: input.position ?? before.position,
        color: input.color ?? before.color,
        ...flags,
        updated_at: trx.fn.now(),
        version: trx.raw('version + 1'),
      })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as StatusRow[];
    if (after!.category !== before.category) {
      await trx('tickets').where({ status_id: id }).update({ status_category: after!.category });
    }
    const view = statusView(after!);
    await recordAudit(trx, actor, { action: 'status.update', entityType: ENTITY, entityId: id, before: statusView(before), after: view });
    return view;
  });
}

// Every status a ticket ever had stays in ticket_status_history, so used statuses are retired, not deleted.
const IN_USE = 'Deactivate it instead (set active to false): a status tickets have used is kept for their history';

export async function deleteStatus(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    await lockInvariant(trx, 'statuses.default');
    const before = await lockRow<StatusRow>(trx, 'statuses', id, 'Status');
    if (before.is_default) {
      throw new LanternError('validation', 'The default status cannot be deleted', { fields: [{ path: 'id', message: 'make another status the default first' }] });
    }
    const ticketCount = Number((await trx('tickets').where({ status_id: id }).count({ n: '*' }))[0]?.n ?? 0);
    if (ticketCount > 0) throw new LanternError('conflict', `Status ${id} is used by ${ticketCount} ticket(s). ${IN_USE}`);
    if (await trx('ticket_status_history').where({ status_id: id }).orWhere({ previous_status_id: id }).first('id')) {
      throw new LanternError('conflict', `Status ${id} appears in ticket status history. ${IN_USE}`);
    }
    await trx('statuses').where({ id }).delete().catch((err: unknown) => rethrowStillReferenced(err, `Status ${id} is still in use. ${IN_USE}`));
    await recordAudit(trx, actor, { action: 'status.delete', entityType: ENTITY, entityId: id, before: statusView(before) });
  });
}
