import { LanternError, notFound, validationError } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import { INVERSE_LINK, type CreateLinkInput, type LinkKind } from '../../core/schemas/ticket-link.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { publishEvent } from '../outbox.service';
import { findTicket } from './ticket.repository';
import { canSeeTicket, scopeTickets } from './ticket.scope';
import { getVisibleTicket } from './tickets.service';
import { workerTicketView, type TicketRow } from './ticket.view';

type LinkRow = { id: number; ticket_id: number; linked_ticket_id: number; kind: LinkKind; created_at: Date };
type LinkedRow = LinkRow & { number: number; subject: string; status_id: number; status_name: string; status_category: string };

export function linkView(p: Principal, r: LinkedRow) {
  return {
    id: r.id,
    kind: r.kind,
    ticket: {
      id: r.linked_ticket_id,
      number: r.number,
      subject: r.subject,
      status: p.kind === 'customer' ? { name: r.status_name, category: r.status_category } : { id: r.status_id, name: r.status_name, category: r.status_category },
    },
    createdAt: r.created_at.toISOString(),
  };
}
export type LinkView = ReturnType<typeof linkView>;

function linksQuery(db: Queryable, p: Principal) {
  const q = db('ticket_links as l')
    .join('tickets', 'tickets.id', 'l.linked_ticket_id')
    .join('statuses', 'statuses.id', 'tickets.status_id')
    .select<LinkedRow[]>('l.id', 'l.ticket_id', 'l.linked_ticket_id', 'l.kind', 'l.created_at', 'tickets.number', 'tickets.subject', 'tickets.status_id',
      'statuses.name as status_name', 'tickets.status_category');
  return scopeTickets(q, p);
}

/** Links of a visible ticket; links to tickets the caller cannot see are left out. */
export async function listLinks(db: Queryable, p: Principal, ticketId: number): Promise<LinkView[]> {
  await getVisibleTicket(db, p, ticketId);
  const rows = await linksQuery(db, p).where('l.ticket_id', ticketId).orderBy('l.id');
  return rows.map((r) => linkView(p, r));
}

/**
 * The other ticket of a relation, locked. One the caller cannot see is refused exactly like one that does not
 * exist, so links cannot be used to probe ids.
 */
export async function lockOtherTicket(trx: Queryable, p: Principal, id: number, path: string): Promise<TicketRow> {
  const row = await findTicket(trx, id, { forUpdate: true });
  if (!row || !canSeeTicket(p, row)) throw validationError(`Ticket ${id} does not exist`, [{ path, message: `ticket ${id} does not exist` }]);
  return row;
}

/** Lock two tickets in id order (so concurrent links, merges and splits cannot deadlock); the first must be visible. */
export async function lockPair(trx: Queryable, p: Principal, ticketId: number, otherId: number, otherPath: string): Promise<[TicketRow, TicketRow]> {
  if (ticketId < otherId) {
    const own = await getVisibleTicket(trx, p, ticketId, { forUpdate: true });
    return [own, await lockOtherTicket(trx, p, otherId, otherPath)];
  }
  const other = await findTicket(trx, otherId, { forUpdate: true });
  const own = await getVisibleTicket(trx, p, ticketId, { forUpdate: true });
  if (!other || !canSeeTicket(p, other)) throw validationError(`Ticket ${otherId} does not exist`, [{ path: otherPath, message: `ticket ${otherId} does not exist` }]);
  return [own, other];
}

/** Write a relation and its inverse; returns the row seen from `from`. Callers hold both tickets' locks. */
export async function insertLinkPair(trx: Queryable, actor: Actor, from: number, to: number, kind: LinkKind): Promise<LinkRow> {
  const by = { created_by_type: actor.type, created_by_id: actor.id };
  const [row] = await trx('ticket_links').insert({ ticket_id: from, linked_ticket_id: to, kind, ...by }).returning<LinkRow[]>('*');
  await trx('ticket_links').insert({ ticket_id: to, linked_ticket_id: from, kind: INVERSE_LINK[kind], ...by });
  return row!;
}

/** A ticket has one parent, and a parent chain never loops back (A parent of B parent of A). */
async function assertNoParentCycle(trx: Queryable, child: number, parent: number): Promise<void> {
  const hasParent = await trx('ticket_links').where({ ticket_id: child, kind: 'parent' }).first('id');
  if (hasParent) throw new LanternError('conflict', `Ticket ${child} already has a parent; remove that link first`);
  const { rows } = await trx.raw(
    `WITH RECURSIVE up(id, depth) AS (
       SELECT ?::bigint, 0
       UNION SELECT l.linked_ticket_id, up.depth + 1 FROM ticket_links l JOIN up ON l.ticket_id = up.id AND l.kind = 'parent' WHERE up.depth < 1000
     ) SELECT 1 FROM up WHERE id = ? LIMIT 1`,
    [parent, child],
  );
  if (rows.length) throw new LanternError('conflict', `Ticket ${parent} is a descendant of ticket ${child}; the link would make a loop`);
}

async function announce(trx: Queryable, actor: Actor, type: 'ticket.linked' | 'ticket.unlinked', a: TicketRow, b: TicketRow, kind: LinkKind, linkId: number) {
  await recordAudit(trx, actor, {
    action: type === 'ticket.linked' ? 'ticket.link' : 'ticket.unlink', entityType: 'ticket', entityId: a.id,
    ...(type === 'ticket.linked' ? { after: { linkId, kind, ticketId: b.id } } : { before: { linkId, kind, ticketId: b.id } }),
  });
  // Both tickets' viewers hear of it (each event carries its own ticket, which decides who may see it).
  await publishEvent(trx, { type, entityType: 'ticket', entityId: a.id, payload: { ticket: workerTicketView(a), link: { id: linkId, kind, ticketId: b.id } } });
  await publishEvent(trx, { type, entityType: 'ticket', entityId: b.id, payload: { ticket: workerTicketView(b), link: { kind: INVERSE_LINK[kind], ticketId: a.id } } });
}

export async function createLink(db: Queryable, p: Principal, actor: Actor, ticketId: number, input: CreateLinkInput): Promise<LinkView> {
  if (input.ticketId === ticketId) throw validationError('A ticket cannot be linked to itself', [{ path: 'ticketId', message: 'is this ticket' }]);
  return db.transaction(async (trx) => {
    const [own, other] = await lockPair(trx, p, ticketId, input.ticketId, 'ticketId');
    const existing = await trx('ticket_links').where({ ticket_id: ticketId, linked_ticket_id: other.id }).first<LinkRow | undefined>();
    if (existing) throw new LanternError('conflict', `Ticket #${own.number} is already linked to #${other.number} (${existing.kind})`);
    if (input.kind === 'parent') await assertNoParentCycle(trx, own.id, other.id);
    if (input.kind === 'child') await assertNoParentCycle(trx, other.id, own.id);
    const row = await insertLinkPair(trx, actor, own.id, other.id, input.kind);
    await announce(trx, actor, 'ticket.linked', own, other, input.kind, row.id);
    const [view] = await linksQuery(trx, p).where('l.id', row.id);
    return linkView(p, view!);
  });
}

/** Remove a relation (both directions). Merge links are history and stay. */
export async function deleteLink(db: Queryable, p: Principal, actor: Actor, ticketId: number, linkId: number): Promise<void> {
  await db.transaction(async (trx) => {
    const own = await getVisibleTicket(trx, p, ticketId, { forUpdate: true });
    const link = await trx('ticket_links').where({ id: linkId, ticket_id: ticketId }).first<LinkRow | undefined>();
    const other = link ? await findTicket(trx, link.linked_ticket_id, { forUpdate: true }) : undefined;
    if (!link || !other || !canSeeTicket(p, other)) throw notFound('Link', linkId);
    if (link.kind === 'merged_into' || link.kind === 'merged_from') throw new LanternError('conflict', 'A merge cannot be undone by removing its link');
    await trx('ticket_links')
      .where((w) => w.where({ ticket_id: ticketId, linked_ticket_id: other.id }).orWhere({ ticket_id: other.id, linked_ticket_id: ticketId }))
      .delete();
    await announce(trx, actor, 'ticket.unlinked', own, other, link.kind, link.id);
  });
}
