import type { Queryable } from '../../db/knex';
import { plusTag } from './loop-guard';
import type { ParsedEmail } from './mime-parse';

export type ThreadMatch = { ticketId: number; by: 'message_id' | 'subject' | 'plus_address' } | null;

/**
 * Ticket number in a subject. We write "[#1234]" (email-templates.ts `subjectTag`); "Ticket #1234" and
 * "Ticket 1234" are accepted too, because people retype them.
 */
export function subjectTicketNumber(subject: string): number | null {
  const m = /\[#(\d{1,18})\]/.exec(subject) ?? /\bticket\s*#?\s*(\d{1,18})\b/i.exec(subject);
  return m ? Number(m[1]) : null;
}

/** Ticket number from a plus-address recipient: support+1234@example.com. */
export function plusTicketNumber(recipients: string[]): number | null {
  for (const r of recipients) {
    const tag = plusTag(r);
    if (tag && /^\d{1,18}$/.test(tag)) return Number(tag);
  }
  return null;
}

/**
 * Find the ticket a message belongs to, in this order:
 * 1. In-Reply-To / References against every message id we stored (in or out), newest reference first: any
 *    sender (a colleague in CC answering our mail still joins the thread).
 * 2. The ticket number in the subject, 3. the plus-address: both only when the sender is the ticket's requester,
 *    so a guessed number cannot write into someone else's ticket.
 * A ticket merged into another leads to the surviving one. Null: open a new ticket.
 */
export async function findThread(db: Queryable, mail: ParsedEmail, recipients: string[], senderCustomerId: number | null): Promise<ThreadMatch> {
  const ids = [...new Set([...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()])];
  if (ids.length) {
    const rows = await db('email_messages').whereIn('message_id', ids).select<{ message_id: string; ticket_id: number }[]>('message_id', 'ticket_id');
    for (const id of ids) {
      const hit = rows.find((r) => r.message_id === id);
      if (hit) return { ticketId: await surviving(db, hit.ticket_id), by: 'message_id' };
    }
  }
  if (senderCustomerId === null) return null;
  const candidates: Array<[number | null, 'subject' | 'plus_address']> = [
    [subjectTicketNumber(mail.subject), 'subject'],
    [plusTicketNumber(recipients), 'plus_address'],
  ];
  for (const [number, by] of candidates) {
    if (number === null) continue;
    const ticket = await db('tickets').where({ number }).first<{ id: number; requester_id: number } | undefined>('id', 'requester_id');
    if (!ticket) continue;
    const ticketId = await surviving(db, ticket.id);
    const survivor = ticketId === ticket.id ? ticket : await db('tickets').where({ id: ticketId }).first('id', 'requester_id');
    if (survivor && Number(survivor.requester_id) === senderCustomerId) return { ticketId, by };
  }
  return null;
}

/** Follow merged_into links (issue 4's ticket merge) to the ticket that lives on. */
async function surviving(db: Queryable, ticketId: number): Promise<number> {
  let id = ticketId;
  for (let hops = 0; hops < 5; hops++) {
    const link = await db('ticket_links').where({ ticket_id: id, kind: 'merged_into' }).first<{ linked_ticket_id: number } | undefined>('linked_ticket_id');
    if (!link) return id;
    id = Number(link.linked_ticket_id);
  }
  return id;
}
