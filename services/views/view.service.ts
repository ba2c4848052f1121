import { viewQueryParams } from '../../core/saved-view';
import { LanternError, notFound, validationError, type FieldError } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import { listTicketsQuery, type TicketSort } from '../../core/schemas/ticket.schema';
import type { CreateViewInput, UpdateViewInput, ViewFilters, ViewView } from '../../core/schemas/view.schema';
import { assertMayWrite, assertWorker, visibleTo, type WorkerPrincipal } from '../../core/workspace-scope';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { assertReferencesExist, type ReferenceCheck } from '../reference-check';
import { countTickets, ticketFilters } from '../tickets/ticket.list';

type ViewRow = {
  id: number; name: string; scope: 'personal' | 'shared'; owner_id: number | null; filters: ViewFilters; sort: TicketSort;
  position: number; created_at: Date; updated_at: Date;
};

/** Views per worker (their personal ones) and shared views in all: the list is not paginated. */
export const MAX_VIEWS = 200;
/** Counting stops here; a queue this long reads "10000+" anyway. */
export const COUNT_CAP = 10_000;
const ENTITY = 'saved_view';

const view = (r: ViewRow): ViewView => ({
  id: r.id, name: r.name, scope: r.scope, ownerId: r.owner_id, filters: r.filters, sort: r.sort, position: r.position,
  createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

/** The caller's personal views and every shared view, by position then id. */
async function visibleRows(db: Queryable, p: WorkerPrincipal): Promise<ViewRow[]> {
  return db('saved_views').where((w) => w.where({ scope: 'shared' }).orWhere({ owner_id: p.id }))
    .orderBy([{ column: 'position' }, { column: 'id' }]).select<ViewRow[]>('*');
}

export async function listViews(db: Queryable, p: Principal): Promise<ViewView[]> {
  assertWorker(p, 'saved views');
  return (await visibleRows(db, p)).map(view);
}

/** Another worker's personal view answers like a missing one. */
async function lockVisible(trx: Queryable, p: WorkerPrincipal, id: number): Promise<ViewRow> {
  const row = (await trx('saved_views').where({ id }).forUpdate().first()) as ViewRow | undefined;
  if (!row || !visibleTo(p, row)) throw notFound('View', id);
  return row;
}

/**
 * Every id the filters name must exist, and custom field values must fit their field, so a saved view never
 * turns into a 4xx when the queue opens it. Broken references answer 400 naming `filters.<field>`.
 */
async function validateFilters(db: Queryable, p: WorkerPrincipal, filters: ViewFilters, sort: TicketSort): Promise<void> {
  const checks: ReferenceCheck[] = [
    ...(filters.status ?? []).map((id, i) => ({ path: `filters.status.${i}`, table: 'statuses', id })),
    ...(filters.priority ?? []).map((id, i) => ({ path: `filters.priority.${i}`, table: 'priorities', id })),
  ];
  if (typeof filters.assignee === 'number') checks.push({ path: 'filters.assignee', table: 'workers', id: filters.assignee });
  if (typeof filters.team === 'number') checks.push({ path: 'filters.team', table: 'teams', id: filters.team });
  const fields: FieldError[] = [];
  try {
    await assertReferencesExist(db, checks);
  } catch (err) {
    if (!(err instanceof LanternError) || err.code !== 'validation') throw err;
    fields.push(...(err.details.fields ?? []));
  }
  const cf = filters.customFields ?? {};
  if (Object.keys(cf).length) {
    const defs = await db('custom_field_definitions').whereIn('key', Object.keys(cf)).select<{ key: string; type: string }[]>('key', 'type');
    const types = new Map(defs.map((d) => [d.key, d.type]));
    for (const [key, value] of Object.entries(cf)) {
      const type = types.get(key);
      const path = `filters.customFields.${key}`;
      if (!type) fields.push({ path, message: 'is not a defined custom field' });
      else if (['number', 'user_ref', 'ticket_ref'].includes(type) && typeof value !== 'number') fields.push({ path, message: 'must be a number' });
      else if (type === 'boolean' && typeof value !== 'boolean') fields.push({ path, message: 'must be true or false' });
      else if (!['number', 'user_ref', 'ticket_ref', 'boolean'].includes(type) && typeof value !== 'string') fields.push({ path, message: 'must be text' });
    }
  }
  if (fields.length) throw new LanternError('bad_request', 'The view filters refer to things that do not exist', { fields });
  // Last word: the list itself accepts them (same parser and checks as GET /tickets).
  await ticketFilters(db, p, listTicketsQuery.parse(viewQueryParams(filters, sort)));
}

async function assertRoom(trx: Queryable, p: WorkerPrincipal, scope: ViewRow['scope']): Promise<void> {
  const q = trx('saved_views');
  if (scope === 'personal') q.where({ owner_id: p.id });
  else q.where({ scope: 'shared' });
  const row = await q.count<{ n: number }[]>('* as n').first();
  if (Number(row?.n ?? 0) >= MAX_VIEWS) throw validationError(`At most ${MAX_VIEWS} ${scope} views`, [{ path: 'scope', message: 'delete a view first' }]);
}

export async function createView(db: Queryable, p: Principal, actor: Actor, input: CreateViewInput): Promise<ViewView> {
  assertWorker(p, 'saved views');
  assertMayWrite(p, input.scope, 'views');
  const sort = input.sort ?? '-updatedAt';
  await validateFilters(db, p, input.filters, sort);
  return db.transaction(async (trx) => {
    // Serialise creates per owner so the cap holds under concurrent requests.
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`lantern:views:${input.scope === 'shared' ? 'shared' : p.id}`]);
    await assertRoom(trx, p, input.scope);
    // Without a position a new view goes last in the caller's list.
    const last = await trx('saved_views').where((w) => w.where({ scope: 'shared' }).orWhere({ owner_id: p.id })).max<{ m: number | null }[]>('position as m').first();
    const [row] = (await trx('saved_views').insert({
      name: input.name, scope: input.scope, owner_id: input.scope === 'personal' ? p.id : null,
      filters: JSON.stringify(input.filters), sort, position: input.position ?? Math.min((last?.m ?? 0) + 10, 1_000_000),
    }).returning('*')) as ViewRow[];
    const after = view(row!);
    await recordAudit(trx, actor, { action: 'view.create', entityType: ENTITY, entityId: after.id, after });
    return after;
  });
}

export async function updateView(db: Queryable, p: Principal, actor: Actor, id: number, input: UpdateViewInput): Promise<ViewView> {
  assertWorker(p, 'saved views');
  return db.transaction(async (trx) => {
    const before = await lockVisible(trx, p, id);
    assertMayWrite(p, before.scope, 'views');
    const scope = input.scope ?? before.scope;
    assertMayWrite(p, scope, 'views');
    const filters = input.filters ?? before.filters;
    const sort = input.sort ?? before.sort;
    if (input.filters || input.sort) await validateFilters(trx, p, filters, sort);
    if (scope !== before.scope) await assertRoom(trx, p, scope);
    const [row] = (await trx('saved_views').where({ id }).update({
      name: input.name ?? before.name, scope,
      // A view made shared leaves its owner; one made personal becomes the caller's.
      owner_id: scope === 'personal' ? (before.owner_id ?? p.id) : null,
      filters: JSON.stringify(filters), sort, position: input.position ?? before.position, updated_at: trx.fn.now(),
    }).returning('*')) as ViewRow[];
    const after = view(row!);
    await recordAudit(trx, actor, { action: 'view.update', entityType: ENTITY, entityId: id, before: view(before), after });
    return after;
  });
}

export async function deleteView(db: Queryable, p: Principal, actor: Actor, id: number): Promise<void> {
  assertWorker(p, 'saved views');
  await db.transaction(async (trx) => {
    const before = await lockVisible(trx, p, id);
    assertMayWrite(p, before.scope, 'views');
    await trx('saved_views').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'view.delete', entityType: ENTITY, entityId: id, before: view(before) });
  });
}

/**
 * How many tickets each visible view holds for the caller, with GET /tickets' own filters and scope (`me` is
 * the caller). A view whose filters went stale (a custom field deleted since) counts 0 rather than failing all.
 */
export async function viewCounts(db: Queryable, p: Principal): Promise<{ viewId: number; count: number; capped: boolean }[]> {
  assertWorker(p, 'saved views');
  const rows = await visibleRows(db, p);
  const out: { viewId: number; count: number; capped: boolean }[] = [];
  for (const r of rows) {
    const parsed = listTicketsQuery.safeParse(viewQueryParams(r.filters, r.sort));
    if (!parsed.success) {
      out.push({ viewId: r.id, count: 0, capped: false });
      continue;
    }
    try {
      out.push({ viewId: r.id, ...(await countTickets(db, p, parsed.data, COUNT_CAP)) });
    } catch (err) {
      if (!(err instanceof LanternError)) throw err;
      out.push({ viewId: r.id, count: 0, capped: false });
    }
  }
  return out;
}
