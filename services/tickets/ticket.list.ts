import { decodeCursor, encodeCursor } from '../../core/cursor';
import { validationError } from '../../core/errors';
import type { Principal } from '../../core/principal';
import type { Knex } from 'knex';
import type { ListTicketsQuery, SlaFilter } from '../../core/schemas/ticket.schema';
import type { Queryable } from '../../db/knex';
import { ticketsQuery } from './ticket.repository';
import { scopeTickets } from './ticket.scope';
import type { TicketRow } from './ticket.view';

const SORT_COLUMNS = {
  updatedAt: 'updated_at',
  createdAt: 'created_at',
  priority: 'priority_rank',
  number: 'number',
} as const;

type SortKey = keyof typeof SORT_COLUMNS;

/** `priority` means most urgent first; dates newest first; `-` flips it. */
function parseSort(sort: ListTicketsQuery['sort']): { column: string; key: SortKey; desc: boolean } {
  const flipped = sort.startsWith('-');
  const key = (flipped ? sort.slice(1) : sort) as SortKey;
  const naturalDesc = key === 'priority';
  return { column: SORT_COLUMNS[key], key, desc: naturalDesc !== flipped };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `cf.<key>=value` filters, typed by the field definition so numbers and booleans match JSON values. */
async function customFieldFilters(db: Queryable, query: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = Object.entries(query).filter(([k]) => k.startsWith('cf.'));
  if (!entries.length) return {};
  const defs = await db('custom_field_definitions').whereIn('key', entries.map(([k]) => k.slice(3))).select('key', 'type');
  const types = new Map(defs.map((d) => [d.key as string, d.type as string]));
  const filter: Record<string, unknown> = {};
  for (const [raw, value] of entries) {
    const key = raw.slice(3);
    const type = types.get(key);
    if (!type) throw validationError('Unknown custom field filter', [{ path: raw, message: 'is not a defined custom field' }]);
    if (typeof value !== 'string') throw validationError('Invalid custom field filter', [{ path: raw, message: 'give one value' }]);
    if (type === 'number' || type === 'user_ref' || type === 'ticket_ref') {
      const n = Number(value);
      if (!Number.isFinite(n) || value.trim() === '') throw validationError('Invalid custom field filter', [{ path: raw, message: 'must be a number' }]);
      filter[key] = n;
    } else if (type === 'boolean') {
      if (value !== 'true' && value !== 'false') throw validationError('Invalid custom field filter', [{ path: raw, message: 'must be true or false' }]);
      filter[key] = value === 'true';
    } else if (type === 'multi_select') {
      filter[key] = [value];
    } else {
      filter[key] = value;
    }
  }
  return filter;
}

/**
 * True when the filters alone already keep an agent inside their visibility scope (their own tickets, one of
 * their teams, unrouted tickets). The scope's OR is then redundant, and leaving it out returns the same rows
 * while letting PostgreSQL estimate from the filters and walk the matching index (bench/README.md: a team queue
 * of a small team took ~150 ms with the OR, under 1 ms without).
 */
function filtersImplyScope(p: Principal, query: TicketFilterQuery): boolean {
  if (p.kind !== 'worker') return false;
  if (query.assignee === 'me' || query.assignee === p.id || query.team === 'none') return true;
  return typeof query.team === 'number' && p.teamIds.includes(query.team);
}

/** Filters of GET /tickets (and of saved views, parsed through the same schema); sort and page keys are ignored. */
export type TicketFilterQuery = ListTicketsQuery;

/** SQL for each SLA bucket, on the ticket's lifecycle instance (lifecycle_instances primary key / breached index). */
const SLA_SQL: Record<SlaFilter, string> = {
  breached: 'EXISTS (SELECT 1 FROM lifecycle_instances li WHERE li.ticket_id = tickets.id AND li.breached)',
  due_soon: "EXISTS (SELECT 1 FROM lifecycle_instances li WHERE li.ticket_id = tickets.id AND NOT li.breached AND li.next_deadline_at <= now() + interval '1 hour')",
  ok: "EXISTS (SELECT 1 FROM lifecycle_instances li WHERE li.ticket_id = tickets.id AND NOT li.breached AND li.next_deadline_at > now() + interval '1 hour')",
  none: 'NOT EXISTS (SELECT 1 FROM lifecycle_instances li WHERE li.ticket_id = tickets.id AND (li.breached OR li.next_deadline_at IS NOT NULL))',
};

/**
 * Check the filters once (unknown keys, custom field types) and return a function that adds them, with the
 * caller's visibility scope, to any query on `tickets`: the list, its count and saved-view counts share it.
 */
export async function ticketFilters(db: Queryable, p: Principal, query: TicketFilterQuery): Promise<<T extends Knex.QueryBuilder>(q: T) => T> {
  const unknown = Object.keys(query).filter((k) => !k.startsWith('cf.') && !KNOWN_KEYS.has(k));
  if (unknown.length) throw validationError('Unknown query parameters', unknown.map((k) => ({ path: k, message: 'is not a supported filter' })));
  const cf = await customFieldFilters(db, query);
  const scoped = !filtersImplyScope(p, query);
  return <T extends Knex.QueryBuilder>(base: T): T => {
    const q = scoped ? scopeTickets(base, p) : base;
    if (query.status) q.whereIn('tickets.status_id', query.status);
    if (query.statusCategory) q.whereIn('tickets.status_category', query.statusCategory);
    if (query.priority) q.whereIn('tickets.priority_id', query.priority);
    if (query.assignee === 'none') q.whereNull('tickets.assignee_id');
    else if (query.assignee === 'me') q.where('tickets.assignee_id', p.kind === 'worker' ? p.id : -1);
    else if (query.assignee !== undefined) q.where('tickets.assignee_id', query.assignee);
    if (query.team === 'none') q.whereNull('tickets.team_id');
    else if (query.team !== undefined) q.where('tickets.team_id', query.team);
    if (query.requester !== undefined) q.where('tickets.requester_id', query.requester);
    if (query.channel) q.where('tickets.channel', query.channel);
    if (query.tag?.length) q.whereRaw('tickets.tags @> ?::text[]', [query.tag.map((t: string) => t.toLowerCase())]);
    if (Object.keys(cf).length) q.whereRaw('tickets.custom_fields @> ?::jsonb', [JSON.stringify(cf)]);
    if (query.sla) q.whereRaw(SLA_SQL[query.sla]);
    if (query.q) {
      const text = query.q;
      const asNumber = /^#?\d{1,15}$/.test(text) ? Number(text.replace('#', '')) : null;
      q.where((w) => {
        w.where('tickets.subject', 'ilike', `%${escapeLike(text)}%`);
        if (asNumber !== null) w.orWhere('tickets.number', asNumber);
      });
    }
    return q;
  };
}

/** How many tickets match, with the list's filters and scope; stops counting at `cap` when given. */
export async function countTickets(db: Queryable, p: Principal, query: TicketFilterQuery, cap?: number): Promise<{ count: number; capped: boolean }> {
  if (query.cursor !== undefined) throw validationError('Counts take no cursor', [{ path: 'cursor', message: 'is only for paging GET /tickets' }]);
  const apply = await ticketFilters(db, p, query);
  if (cap === undefined) {
    const row = await apply(db('tickets')).count<{ n: number }[]>('* as n').first();
    return { count: Number(row?.n ?? 0), capped: false };
  }
  const row = await db.from(apply(db('tickets')).select('tickets.id').limit(cap + 1).as('t')).count<{ n: number }[]>('* as n').first();
  const n = Number(row?.n ?? 0);
  return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
}

type Page = { rows: TicketRow[]; nextCursor: string | null };

/** Keyset-paginated ticket list: filters, one sort column plus id as tie-breaker, opaque cursor. */
export async function listTickets(db: Queryable, p: Principal, query: ListTicketsQuery): Promise<Page> {
  const apply = await ticketFilters(db, p, query);
  if (query.sort === 'slaDue' || query.sort === '-slaDue') return listBySlaDue(db, apply, query, query.sort === '-slaDue');
  const sort = parseSort(query.sort);
  const q = apply(ticketsQuery(db));
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    const value = sort.key === 'updatedAt' || sort.key === 'createdAt' ? new Date(String(c.v)) : c.v;
    if (value === null || (value instanceof Date && Number.isNaN(value.getTime())) || (sort.key !== 'updatedAt' && sort.key !== 'createdAt' && typeof value !== 'number')) {
      throw validationError('Invalid cursor', [{ path: 'cursor', message: 'does not match the sort order; start again without a cursor' }]);
    }
    q.whereRaw(`(tickets.${sort.column}, tickets.id) ${sort.desc ? '<' : '>'} (?, ?)`, [value, c.id]);
  }
  const dir = sort.desc ? 'desc' : 'asc';
  const rows = (await q.orderBy([{ column: `tickets.${sort.column}`, order: dir }, { column: 'tickets.id', order: dir }]).limit(query.limit + 1)) as TicketRow[];
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const lastValue = last ? (last as unknown as Record<string, unknown>)[sort.column] : null;
  return {
    rows: page,
    nextCursor: rows.length > query.limit && last
      ? encodeCursor({ v: lastValue instanceof Date ? lastValue.toISOString() : (lastValue as number), id: last.id })
      : null,
  };
}

/**
 * Sort by the next SLA deadline. Tickets with a running deadline come first (walked in deadline order through
 * the lifecycle_instances_due index), then those without one in id order (the primary key), in both directions:
 * one ORDER BY over the LEFT JOIN could use neither index. A cursor carries the deadline, or null once in the
 * second part (id 0 = its start).
 */
async function listBySlaDue(db: Queryable, apply: <T extends Knex.QueryBuilder>(q: T) => T, query: ListTicketsQuery, desc: boolean): Promise<Page> {
  const c = query.cursor ? decodeCursor(query.cursor) : null;
  const after = c && typeof c.v === 'string' ? new Date(c.v) : null;
  if (c && (typeof c.v === 'number' || (after && Number.isNaN(after.getTime())))) {
    throw validationError('Invalid cursor', [{ path: 'cursor', message: 'does not match the sort order; start again without a cursor' }]);
  }
  const dir = desc ? 'desc' : 'asc';
  const op = desc ? '<' : '>';
  let rows: (TicketRow & { sla_deadline?: Date })[] = [];
  if (!c || after) {
    const q = apply(ticketsQuery(db)).join('lifecycle_instances as li', 'li.ticket_id', 'tickets.id')
      .whereNotNull('li.next_deadline_at').select('li.next_deadline_at as sla_deadline');
    if (after && c) q.whereRaw(`(li.next_deadline_at, li.ticket_id) ${op} (?, ?)`, [after, c.id]);
    rows = (await q.orderBy([{ column: 'li.next_deadline_at', order: dir }, { column: 'li.ticket_id', order: dir }]).limit(query.limit + 1)) as typeof rows;
    if (rows.length > query.limit) {
      const page = rows.slice(0, query.limit);
      const last = page.at(-1)!;
      return { rows: page, nextCursor: encodeCursor({ v: last.sla_deadline!.toISOString(), id: last.id }) };
    }
  }
  const remaining = query.limit - rows.length;
  const q = apply(ticketsQuery(db))
    .whereNotExists((s) => s.select(db.raw('1')).from('lifecycle_instances as li').whereRaw('li.ticket_id = tickets.id').whereNotNull('li.next_deadline_at'));
  if (c && c.v === null && c.id > 0) q.where('tickets.id', op, c.id);
  const rest = (await q.orderBy('tickets.id', dir).limit(remaining + 1)) as TicketRow[];
  const page = [...rows, ...rest.slice(0, remaining)];
  if (rest.length <= remaining) return { rows: page, nextCursor: null };
  // A full page of deadlines that ended exactly where the deadline part ends: continue at the second part's start.
  const lastRest = rest.slice(0, remaining).at(-1);
  return { rows: page, nextCursor: encodeCursor({ v: null, id: lastRest ? lastRest.id : 0 }) };
}

const KNOWN_KEYS = new Set(['status', 'statusCategory', 'priority', 'assignee', 'team', 'requester', 'tag', 'channel', 'sla', 'q', 'sort', 'limit', 'cursor']);
