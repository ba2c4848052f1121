import type { Db } from '../../db/knex';
import { noticeText } from '../../services/notifications/notice-text';
import type { OutboundMessage } from '../lifecycle/channel-delivery';
import { NonRetryableActivityError } from '../lifecycle/lifecycle-activities';

/** The portal page of a ticket (the customer portal, docs/portal.md). */
export function portalTicketUrl(config: { http: { publicUrl: string | undefined; host: string; port: number } }, ticketId: number): string {
  const base = (config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}`).replace(/\/+$/, '');
  return `${base}/portal/tickets/${ticketId}`;
}

/** A queued notice's short text in the requester's language, for channels without email templates. */
export async function noticeOf(db: Db, message: OutboundMessage): Promise<{ ticketId: number; customerId: number; number: number; title: string; body: string }> {
  if (message.ticketId === null) throw new NonRetryableActivityError('no_ticket', `Outbound message ${message.id} has no ticket to notify about`);
  const ticket = await db('tickets as t').join('customers as c', 'c.id', 't.requester_id').where('t.id', message.ticketId)
    .first<{ number: string; subject: string; requester_id: number; language: string } | undefined>('t.number', 't.subject', 't.requester_id', 'c.language');
  if (!ticket) throw new NonRetryableActivityError('ticket_gone', `Ticket ${message.ticketId} no longer exists`);
  const link = typeof message.payload.link === 'string' ? message.payload.link : undefined;
  const text = noticeText({ template: message.template, language: ticket.language, ticketNumber: Number(ticket.number), subject: ticket.subject, link });
  return { ticketId: message.ticketId, customerId: Number(ticket.requester_id), number: Number(ticket.number), ...text };
}
