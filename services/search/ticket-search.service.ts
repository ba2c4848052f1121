import { decodeCursor, encodeCursor } from '../../core/cursor';
import { LanternError, validationError } from '../../core/errors';
import type { Principal } from '../../core/principal';
import type { TicketSearchQuery, TicketSearchResponse } from '../../core/schemas/search.schema';
import type { Queryable } from '../../db/knex';
import { sharedOrganizationOf } from '../tickets/ticket.scope';
import { SearchUnavailableError, type SearchEngine, type SearchHit, type SearchRequest } from './search-engine';
import type { TicketDocument } from './ticket-document';
import { TICKET_INDEX, TICKET_SEARCH_MAX_HITS } from './ticket-index.settings';

// Private-use characters as highlight tags: the text is HTML-escaped first, then they become <mark>, so ticket
// text can never inject markup into the snippet.
const PRE = '\uE000';
const POST = '\uE001';
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const toHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replaceAll(PRE, '<mark>').replaceAll(POST, '</mark>');

const SEARCHABLE_PUBLIC = ['subject', 'number', 'publicText', 'requesterName', 'requesterEmail', 'tags'];
const RETRIEVE = ['id', 'number', 'subject', 'statusId', 'statusCategory', 'priorityId', 'teamId', 'assigneeId', 'requesterId', 'requesterName', 'requesterEmail', 'tags', 'channel', 'createdAt', 'updatedAt'];
const FACETS = { status: 'statusId', priority: 'priorityId', team: 'teamId', tag: 'tags' } as const;

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The customers whose tickets a customer also reads through organization sharing (ticket.scope.ts), for the
 * engine filter; empty for everyone else. The index has no organization field, so the ids go into the filter.
 */
export async function sharedRequesterIds(db: Queryable, p: Principal): Promise<number[]> {
  if (p.kind !== 'customer') return [];
  const org = sharedOrganizationOf(p);
  if (org === null) return [];
  const rows = await db('customers').where({ organization_id: org }).whereNot({ id: p.id }).select<{ id: number }[]>('id');
  return rows.map((r) => Number(r.id));
}

/** The ticket list's visibility rule (services/tickets/ticket.scope.ts) as an engine filter; null: everything. */
export function scopeFilter(p: Principal, shared: readonly number[] = []): string | null {
  if (p.kind === 'customer') return shared.length ? `requesterId IN [${[p.id, ...shared].join(', ')}]` : `requesterId = ${p.id}`;
  if (p.kind === 'plugin') return null;
  if (p.allTickets || p.permissions.has('tickets:read_all')) return null;
  const parts = ['teamId IS NULL', `assigneeId = ${p.id}`];
  if (p.teamIds.length) parts.unshift(`teamId IN [${p.teamIds.join(', ')}]`);
  return `(${parts.join(' OR ')})`;
}

function filters(p: Principal, q: TicketSearchQuery, shared: readonly number[]): string[] {
  const out: string[] = [];
  const scope = scopeFilter(p, shared);
  if (scope) out.push(scope);
  if (q.status) out.push(`statusId IN [${q.status.join(', ')}]`);
  if (q.statusCategory) out.push(`statusCategory IN [${q.statusCategory.map(quote).join(', ')}]`);
  if (q.priority) out.push(`priorityId IN [${q.priority.join(', ')}]`);
  if (q.team === 'none') out.push('teamId IS NULL');
  else if (q.team !== undefined) out.push(`teamId = ${q.team}`);
  if (q.assignee === 'none') out.push('assigneeId IS NULL');
  else if (q.assignee === 'me') out.push(`assigneeId = ${p.kind === 'worker' ? p.id : -1}`);
  else if (q.assignee !== undefined) out.push(`assigneeId = ${q.assignee}`);
  // Every tag given must be on the ticket, like the ticket list.
  for (const tag of q.tag ?? []) out.push(`tags = ${quote(tag)}`);
  if (q.channel) out.push(`channel = ${quote(q.channel)}`);
  return out;
}

/** The cursor carries the offset: relevance order has no stable keyset, and the engine caps depth anyway. */
function offsetOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  const c = decodeCursor(cursor);
  if (typeof c.v !== 'number' || !Number.isSafeInteger(c.v) || c.v < 0 || c.id !== 0) {
    throw validationError('Invalid cursor', [{ path: 'cursor', message: 'is not a search cursor; start again without one' }]);
  }
  return c.v;
}

function hitView(hit: SearchHit, withNotes: boolean): TicketSearchResponse['data'][number] {
  const d = hit.document as Partial<TicketDocument>;
  const f = hit.formatted as Partial<Record<keyof TicketDocument, string>>;
  const snippet = (s: string | undefined) => (s && s.includes(PRE) ? toHtml(s) : null);
  return {
    id: d.id!, number: d.number!, subject: d.subject!, statusId: d.statusId!, statusCategory: d.statusCategory!,
    priorityId: d.priorityId!, teamId: d.teamId ?? null, assigneeId: d.assigneeId ?? null,
    requester: { id: d.requesterId!, name: d.requesterName!, email: d.requesterEmail ?? null },
    tags: d.tags ?? [], channel: d.channel!,
    createdAt: new Date(d.createdAt!).toISOString(), updatedAt: new Date(d.updatedAt!).toISOString(),
    highlight: {
      subject: toHtml(f.subject ?? d.subject ?? ''),
      publicText: snippet(f.publicText),
      ...(withNotes && { internalText: snippet(f.internalText) }),
    },
  };
}

export const searchUnavailable = (reason: string) => new LanternError(
  'unavailable',
  `Ticket search is temporarily unavailable (${reason}). Try again shortly; GET /tickets?q= still filters by subject.`,
  { retryAfterSeconds: 5 },
);

/**
 * The engine request for a search by this principal: visibility scope and filters, the attributes matched
 * (internal notes only with notes:read), facets and highlights. Exported so the bench sends the same query
 * straight to the engine.
 */
export function ticketSearchRequest(p: Principal, q: TicketSearchQuery, shared: readonly number[] = []): SearchRequest {
  const offset = offsetOf(q.cursor);
  if (offset + q.limit > TICKET_SEARCH_MAX_HITS) {
    throw validationError('Search results end here', [{ path: 'cursor', message: `search pages stop at ${TICKET_SEARCH_MAX_HITS} results; refine the query` }]);
  }
  const withNotes = p.permissions.has('notes:read');
  const filter = filters(p, q, shared);
  return {
    q: q.q,
    filter: filter.length ? filter.join(' AND ') : undefined,
    searchOn: withNotes ? undefined : SEARCHABLE_PUBLIC,
    retrieve: RETRIEVE,
    facets: Object.values(FACETS),
    highlight: withNotes ? ['subject', 'publicText', 'internalText'] : ['subject', 'publicText'],
    crop: withNotes ? ['publicText', 'internalText'] : ['publicText'],
    sort: q.sort === 'relevance' ? undefined : [`${q.sort.replace('-', '')}:${q.sort.startsWith('-') ? 'desc' : 'asc'}`],
    // One more than asked: whether a next page exists without a count.
    limit: q.limit + 1,
    offset,
    preTag: PRE,
    postTag: POST,
  };
}

/**
 * Ticket search with the ticket list's visibility: agents their teams' (plus unrouted and their own) tickets
 * unless tickets:read_all, customers their own. Internal-note text is searched and shown only with notes:read.
 */
export async function searchTickets(
  engine: SearchEngine | undefined, p: Principal, q: TicketSearchQuery, shared: readonly number[] = [],
): Promise<TicketSearchResponse> {
  // Input is checked first: a bad cursor is a 422 whether or not the engine is there.
  const request = ticketSearchRequest(p, q, shared);
  if (!engine) throw searchUnavailable('no search engine is configured in this process');
  let result;
  try {
    result = await engine.search(TICKET_INDEX, request);
  } catch (err) {
    if (err instanceof SearchUnavailableError) throw searchUnavailable('the search engine cannot be reached');
    throw err;
  }
  const withNotes = p.permissions.has('notes:read');
  const hits = result.hits.slice(0, q.limit);
  const more = result.hits.length > q.limit && request.offset + q.limit < TICKET_SEARCH_MAX_HITS;
  return {
    data: hits.map((h) => hitView(h, withNotes)),
    nextCursor: more ? encodeCursor({ v: request.offset + q.limit, id: 0 }) : null,
    estimatedTotal: result.estimatedTotal,
    facets: {
      status: result.facets[FACETS.status] ?? {},
      priority: result.facets[FACETS.priority] ?? {},
      team: result.facets[FACETS.team] ?? {},
      tag: result.facets[FACETS.tag] ?? {},
    },
  };
}
