import { notFound } from '../../core/errors';
import type { Principal } from '../../core/principal';
import { renderTemplate } from '../../core/response-template';
import type { Queryable } from '../../db/knex';
import { assertAgent } from './template-use.service';
import { getVisibleTicket } from './tickets.service';
import type { TicketRow } from './ticket.view';

/** Any stored template HTML (response template, macro reply) with the ticket's customer, the ticket and the agent filled in. */
export async function renderHtmlForTicket(db: Queryable, agentId: number, html: string, ticket: TicketRow): Promise<string> {
  const customer = await db('customers').where({ id: ticket.requester_id }).first('name', 'email');
  const agent = await db('workers').where({ id: agentId }).first('name');
  return renderTemplate(html, {
    customer: { name: (customer?.name as string | undefined) ?? '', email: (customer?.email as string | undefined) ?? '' },
    ticket: { number: ticket.number, subject: ticket.subject },
    agent: { name: (agent?.name as string | undefined) ?? '' },
  });
}

/** The template's HTML with the ticket's customer, the ticket and the calling agent filled in (values escaped). */
export async function renderForTicket(db: Queryable, p: Principal, templateId: number, ticketId: number): Promise<{ templateId: number; ticketId: number; bodyHtml: string }> {
  assertAgent(p);
  const template = await db('response_templates').where({ id: templateId }).first('id', 'body_html');
  if (!template) throw notFound('Response template', templateId);
  const ticket = await getVisibleTicket(db, p, ticketId);
  const bodyHtml = await renderHtmlForTicket(db, p.id, template.body_html as string, ticket);
  return { templateId, ticketId, bodyHtml };
}
