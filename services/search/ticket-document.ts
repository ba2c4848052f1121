import type { Queryable } from '../../db/knex';
import type { SearchDocument } from './search-engine';

/**
 * One ticket as the search index stores it. Dates are epoch milliseconds (sortable and range-filterable).
 * `internalText` holds internal notes only; `publicText` what the customer could see.
 */
export type TicketDocument = SearchDocument & {
  id: number;
  number: number;
  subject: string;
  publicText: string;
  internalText: string;
  requesterId: number;
  requesterName: string;
  requesterEmail: string | null;
  statusId: number;
  statusCategory: string;
  priorityId: number;
  teamId: number | null;
  assigneeId: number | null;
  tags: string[];
  channel: string;
  createdAt: number;
  updatedAt: number;
};

/** Long conversations are indexed up to this many characters per attribute (the engine indexes the start anyway). */
const MAX_TEXT = 100_000;

type Row = {
  id: string; number: string; subject: string; public_text: string | null; internal_text: string | null;
  requester_id: string; requester_name: string; requester_email: string | null; status_id: string; status_category: string;
  priority_id: string; team_id: string | null; assignee_id: string | null; tags: string[]; channel: string;
  created_at: Date; updated_at: Date;
};

const SELECT = `
  SELECT t.id, t.number, t.subject, t.requester_id, c.name AS requester_name, c.email AS requester_email, t.status_id,
         t.status_category, t.priority_id, t.team_id, t.assignee_id, t.tags, t.channel, t.created_at, t.updated_at,
         (SELECT left(string_agg(e.body_text, E'\\n' ORDER BY e.id), ${MAX_TEXT}) FROM conversation_entries e
           WHERE e.ticket_id = t.id AND e.kind IN ('customer_message', 'public_reply')) AS public_text,
         (SELECT left(string_agg(e.body_text, E'\\n' ORDER BY e.id), ${MAX_TEXT}) FROM conversation_entries e
           WHERE e.ticket_id = t.id AND e.kind = 'internal_note') AS internal_text
    FROM tickets t JOIN customers c ON c.id = t.requester_id`;

const toDocument = (r: Row): TicketDocument => ({
  id: Number(r.id),
  number: Number(r.number),
  subject: r.subject,
  publicText: r.public_text ?? '',
  internalText: r.internal_text ?? '',
  requesterId: Number(r.requester_id),
  requesterName: r.requester_name,
  requesterEmail: r.requester_email,
  statusId: Number(r.status_id),
  statusCategory: r.status_category,
  priorityId: Number(r.priority_id),
  teamId: r.team_id === null ? null : Number(r.team_id),
  assigneeId: r.assignee_id === null ? null : Number(r.assignee_id),
  tags: r.tags,
  channel: r.channel,
  createdAt: r.created_at.getTime(),
  updatedAt: r.updated_at.getTime(),
});

/** The documents of these tickets as they are now; deleted tickets are simply absent. */
export async function loadTicketDocuments(db: Queryable, ticketIds: number[]): Promise<TicketDocument[]> {
  if (!ticketIds.length) return [];
  const { rows } = await db.raw<{ rows: Row[] }>(`${SELECT} WHERE t.id = ANY(?::bigint[]) ORDER BY t.id`, [ticketIds]);
  return rows.map(toDocument);
}

/** One keyset page of documents in id order (full reindex). */
export async function loadTicketDocumentPage(db: Queryable, afterId: number, limit: number): Promise<TicketDocument[]> {
  const { rows } = await db.raw<{ rows: Row[] }>(`${SELECT} WHERE t.id > ? ORDER BY t.id LIMIT ?`, [afterId, limit]);
  return rows.map(toDocument);
}
