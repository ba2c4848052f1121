import { decodeCursor, encodeCursor } from '../../core/cursor';
import { validationError } from '../../core/errors';
import type { Principal } from '../../core/principal';
import type { ListTicketsQuery } from '../../core/schemas/ticket.schema';
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
function filtersImplyScope(p: Principal, query: ListTicketsQuery): boolean {
  if (p.kind !== 'worker') return false;
  if (query.assignee === 'me' || query.assignee === p.id || query.team === 'none') return true;
  return typeof query.team === 'number' && p.teamIds.includes(query.team);
}

/** Keyset-paginated ticket list: filters, one sort column plus id as tie-breaker, opaque cursor. */
export async function listTickets(
  db: Queryable, p: Principal, query: ListTicketsQuery,
): Promise<{ rows: TicketRow[]; nextCursor: string | null }> {
  const unknown = Object.keys(query).filter((k) => !k.startsWith('cf.') && !KNOWN_KEYS.has(k));
  if (unknown.length) throw validationError('Unknown query parameters', unknown.map((k) => ({ path: k, message: 'is not a supported filter' })));
  const sort = parseSort(query.sort);
  const q = filtersImplyScope(p, query) ? ticketsQuery(db) : scopeTickets(ticketsQuery(db), p);
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
  const cf = await customFieldFilters(db, query);
  if (Object.keys(cf).length) q.whereRaw('tickets.custom_fields @> ?::jsonb', [JSON.stringify(cf)]);
  if (query.q) {
    const asNumber = /^#?\d{1,15}$/.test(query.q) ? Number(query.q.replace('#', '')) : null;
    q.where((w) => {
      w.where('tickets.subject', 'ilike', `%${escapeLike(query.q!)}%`);
      if (asNumber !== null) w.orWhere('tickets.number', asNumber);
    });
  }
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

const KNOWN_KEYS = new Set(['status', 'statusCategory', 'priority', 'assignee', 'team', 'requester', 'tag', 'channel', 'q', 'sort', 'limit', 'cursor']);
