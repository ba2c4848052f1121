import { z } from 'zod';
import { idParam } from '../../core/schemas/common.schema';
import { createLinkInput, linkParams, linkResponse, mergeInput, splitInput } from '../../core/schemas/ticket-link.schema';
import { createLink, deleteLink, listLinks } from '../../services/tickets/ticket-links.service';
import { mergeTickets, splitTicket } from '../../services/tickets/ticket-merge.service';
import { ticketViewWithSla } from '../../services/tickets/ticket-sla';
import { defineRoute } from '../http/route';
import { etag } from '../http/versioning';
import { ticketResponse } from './views.schema';

const tag = 'Tickets';

export const ticketLinkRoutes = [
  defineRoute({
    method: 'get', path: '/tickets/:id/links', operationId: 'listTicketLinks', summary: 'Related, duplicate, parent/child and merge links of a ticket', tag,
    permission: 'tickets:read', params: idParam,
    responses: { 200: { description: 'Links to tickets you can see, oldest first', schema: z.object({ data: z.array(linkResponse) }) } },
    handler: async ({ params }, { db, principal }) => ({ body: { data: await listLinks(db, principal, params.id) } }),
  }),
  defineRoute({
    method: 'post', path: '/tickets/:id/links', operationId: 'createTicketLink', tag,
    summary: 'Link another ticket (the inverse link appears on it: parent/child, related, duplicate)',
    permission: 'tickets:update', params: idParam, body: createLinkInput,
    responses: {
      201: { description: 'The link, seen from this ticket', schema: linkResponse },
      409: { description: 'Already linked, or the parent chain would loop' },
      422: { description: 'Itself, or a ticket that does not exist for you' },
    },
    handler: async ({ params, body }, { db, principal, actor }) => ({ status: 201, body: await createLink(db, principal, actor, params.id, body) }),
  }),
  defineRoute({
    method: 'delete', path: '/tickets/:id/links/:linkId', operationId: 'deleteTicketLink', summary: 'Remove a link (both directions); merge links stay', tag,
    permission: 'tickets:update', params: linkParams,
    responses: { 204: { description: 'Removed' }, 409: { description: 'A merge link' } },
    handler: async ({ params }, { db, principal, actor }) => {
      await deleteLink(db, principal, actor, params.id, params.linkId);
      return {};
    },
  }),
  defineRoute({
    method: 'post', path: '/tickets/:id/merge', operationId: 'mergeTicket', tag,
    summary: 'Merge this ticket into another: its conversation is copied there, it is closed and linked merged_into',
    permission: 'tickets:update', params: idParam, body: mergeInput,
    responses: {
      200: { description: 'The target ticket', schema: z.object({ target: ticketResponse }) },
      409: { description: 'Into itself, into a closed or merged ticket, or merged already' },
      422: { description: 'The target does not exist for you' },
    },
    handler: async ({ params, body }, { db, principal, actor }) => {
      const target = await mergeTickets(db, principal, actor, params.id, body.targetTicketId);
      return { body: { target: await ticketViewWithSla(db, principal, target) }, headers: { ETag: etag(target.version) } };
    },
  }),
  defineRoute({
    method: 'post', path: '/tickets/:id/split', operationId: 'splitTicket', tag,
    summary: 'Split entries off into a new ticket (same requester, team, priority) that starts with copies of them; linked related',
    permission: 'tickets:update', params: idParam, body: splitInput, idempotent: true,
    responses: { 201: { description: 'The new ticket', schema: z.object({ ticket: ticketResponse }) }, 422: { description: 'Entries of another ticket' } },
    handler: async ({ params, body }, { db, principal, actor }) => {
      const ticket = await splitTicket(db, principal, actor, params.id, body);
      return { status: 201, body: { ticket: await ticketViewWithSla(db, principal, ticket) }, headers: { Location: `/api/v1/tickets/${ticket.id}`, ETag: etag(ticket.version) } };
    },
  }),
];
