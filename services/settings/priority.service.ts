import { LanternError, notFound } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { CreatePriorityInput, ListPrioritiesQuery, PriorityView, UpdatePriorityInput } from '../../core/schemas/priority.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { rethrowStillReferenced, rethrowUniqueViolation } from '../db-errors';
import { keysetPage, type Page } from '../keyset';
import { lockInvariant, lockRow } from '../row-lock';
import { checkDefaultRules, releaseDefault } from './default-row';

type PriorityRow = {
  id: number;
  name: string;
  rank: number;
  color: string;
  is_default: boolean;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
};

const UNIQUE = {
  priorities_name_unique: { path: 'name', message: 'another priority has this name' },
  priorities_rank_unique: { path: 'rank', message: 'another priority has this rank' },
  priorities_one_default: { path: 'isDefault', message: 'another priority became the default at the same time; retry' },
};
const ENTITY = 'priority';

export function priorityView(r: PriorityRow): PriorityView {
  return {
    id: r.id, name: r.name, rank: r.rank, color: r.color, isDefault: r.is_default, active: r.active,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

/** Least urgent first, like the rank scale reads. */
export async function listPriorities(db: Queryable, query: ListPrioritiesQuery): Promise<Page<PriorityView>> {
  const q = db('priorities').select('*');
  if (query.active !== undefined) q.where('active', query.active);
  const page = await keysetPage<PriorityRow>(q, { column: 'priorities.rank', idColumn: 'priorities.id', value: 'number' }, query);
  return { rows: page.rows.map(priorityView), nextCursor: page.nextCursor };
}

export async function getPriority(db: Queryable, id: number): Promise<PriorityView> {
  const row = (await db('priorities').where({ id }).first()) as PriorityRow | undefined;
  if (!row) throw notFound('Priority', id);
  return priorityView(row);
}

export async function createPriority(db: Queryable, actor: Actor, input: CreatePriorityInput): Promise<PriorityView> {
  return db.transaction(async (trx) => {
    await lockInvariant(trx, 'priorities.default');
    const flags = { is_default: input.isDefault ?? false, active: input.active ?? true };
    checkDefaultRules(ENTITY, null, flags);
    if (flags.is_default) await releaseDefault(trx, actor, { table: 'priorities', entityType: ENTITY, view: priorityView });
    const [row] = (await trx('priorities')
      .insert({ name: input.name, rank: input.rank, color: input.color ?? '#888888', ...flags })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as PriorityRow[];
    const view = priorityView(row!);
    await recordAudit(trx, actor, { action: 'priority.create', entityType: ENTITY, entityId: view.id, after: view });
    return view;
  });
}

/** A rank change is copied to the denormalized `tickets.priority_rank` in the same transaction (queues sort by it). */
export async function updatePriority(
  db: Queryable, actor: Actor, id: number, input: UpdatePriorityInput, expectedVersion: number | undefined,
): Promise<PriorityView> {
  return db.transaction(async (trx) => {
    await lockInvariant(trx, 'priorities.default');
    const before = await lockRow<PriorityRow>(trx, 'priorities', id, 'Priority', expectedVersion);
    const flags = { is_default: input.isDefault ?? before.is_default, active: input.active ?? before.active };
    checkDefaultRules(ENTITY, before, flags);
    if (flags.is_default && !before.is_default) await releaseDefault(trx, actor, { table: 'priorities', entityType: ENTITY, view: priorityView, keepId: id });
    const [after] = (await trx('priorities')
      .where({ id })
      .update({
        name: input.name ?? before.name,
        rank: input.rank ?? before.rank,
        color: input.color ?? before.color,
        ...flags,
        updated_at: trx.fn.now(),
        version: trx.raw('version + 1'),
      })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as PriorityRow[];
    if (after!.rank !== before.rank) {
      await trx('tickets').where({ priority_id: id }).update({ priority_rank: after!.rank });
    }
    const view = priorityView(after!);
    await recordAudit(trx, actor, { action: 'priority.update', entityType: ENTITY, entityId: id, before: priorityView(before), after: view });
    return view;
  });
}

export async function deletePriority(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    await lockInvariant(trx, 'priorities.default');
    const before = await lockRow<PriorityRow>(trx, 'priorities', id, 'Priority');
    if (before.is_default) {
      throw new LanternError('validation', 'The default priority cannot be deleted', { fields: [{ path: 'id', message: 'make another priority the default first' }] });
    }
    const inUse = (tickets: string) => `Priority ${id} is used by ${tickets}. Deactivate it instead (set active to false), or move its tickets to another priority first`;
    const ticketCount = Number((await trx('tickets').where({ priority_id: id }).count({ n: '*' }))[0]?.n ?? 0);
    if (ticketCount > 0) throw new LanternError('conflict', inUse(`${ticketCount} ticket(s)`));
    await trx('priorities').where({ id }).delete().catch((err: unknown) => rethrowStillReferenced(err, inUse('tickets')));
    await recordAudit(trx, actor, { action: 'priority.delete', entityType: ENTITY, entityId: id, before: priorityView(before) });
  });
}
