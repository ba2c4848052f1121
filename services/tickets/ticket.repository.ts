import type { Queryable } from '../../db/knex';
import type { TicketRow } from './ticket.view';

export const TICKET_COLUMNS = [
  'tickets.*',
  'statuses.name as status_name',
  'priorities.name as priority_name',
] as const;

export function ticketsQuery(db: Queryable) {
  return db('tickets')
    .join('statuses', 'statuses.id', 'tickets.status_id')
    .join('priorities', 'priorities.id', 'tickets.priority_id')
    // A scalar subselect, not a join, so queue plans stay as they were (organization sharing: ticket.scope.ts).
    .select<TicketRow[]>(...TICKET_COLUMNS, db.raw('(SELECT c.organization_id FROM customers c WHERE c.id = tickets.requester_id) AS requester_organization_id'));
}

export async function findTicket(db: Queryable, id: number, opts: { forUpdate?: boolean } = {}): Promise<TicketRow | undefined> {
  const q = ticketsQuery(db).where('tickets.id', id).first();
  if (opts.forUpdate) q.forUpdate('tickets');
  return (await q) as TicketRow | undefined;
}

export async function upsertTags(db: Queryable, tags: string[]): Promise<void> {
  if (tags.length) await db('tags').insert(tags.map((name) => ({ name }))).onConflict('name').ignore();
}

export async function recordParticipant(db: Queryable, ticketId: number, workerId: number, involvement: string): Promise<void> {
  await db.raw(
    `INSERT INTO ticket_participants (ticket_id, worker_id, involvement) VALUES (?, ?, ARRAY[?])
     ON CONFLICT (ticket_id, worker_id) DO UPDATE SET last_involved_at = now(),
       involvement = CASE WHEN ? = ANY(ticket_participants.involvement) THEN ticket_participants.involvement
                          ELSE ticket_participants.involvement || EXCLUDED.involvement END`,
    [ticketId, workerId, involvement, involvement],
  );
}
