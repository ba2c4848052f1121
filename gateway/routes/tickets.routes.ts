import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../core/cursor';
import { validationError } from '../../core/errors';
import { idParam, page, pageQuery } from '../../core/schemas/common.schema';
import { bulkUpdateInput, createEntryInput, createTicketInput, listTicketsQuery, updateTicketInput } from '../../core/schemas/ticket.schema';
import { addEntryInTransaction, listEntries } from '../../services/tickets/entries.service';
import { countTickets, listTickets } from '../../services/tickets/ticket.list';
import { ticketViewWithSla, ticketViewsWithSla } from '../../services/tickets/ticket-sla';
import { ticketViewFor } from '../../services/tickets/ticket.view';
import { bulkUpdateTickets, createTicket, deleteTicket, getVisibleTicket, updateTicket } from '../../services/tickets/tickets.service';
import { defineRoute } from '../http/route';
import { etag, requiredVersion } from '../http/versioning';
import { ticketResponse, entryResponse } from './views.schema';

export const ticketRoutes = [
  defineRoute({
    method: 'get', path: '/tickets', operationId: 'listTickets', summary: 'List tickets with filters and cursor pagination', tag: 'Tickets',
    permission: 'tickets:read', query: listTicketsQuery,
    responses: { 200: { description: 'A page of tickets', schema: page(ticketResponse) } },
    handler: async ({ query }, { db, principal }) => {
      const { rows, nextCursor } = await listTickets(db, principal, query);
      return { body: { data: await ticketViewsWithSla(db, principal, rows), nextCursor } };
    },
  }),
  // Before /tickets/:id, which would otherwise take `count` for an id.
  defineRoute({
    method: 'get', path: '/tickets/count', operationId: 'countTickets', summary: 'Count the tickets GET /tickets would list with the same filters', tag: 'Tickets',
    permission: 'tickets:read', query: listTicketsQuery,
    responses: { 200: { description: 'How many match', schema: z.object({ count: z.number() }) } },
    handler: async ({ query }, { db, principal }) => ({ body: { count: (await countTickets(db, principal, query)).count } }),
  }),
  defineRoute({
    method: 'post', path: '/tickets', operationId: 'createTicket', summary: 'Create a ticket', tag: 'Tickets',
    permission: 'tickets:create', body: createTicketInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: ticketResponse } },
    handler: async ({ body }, { db, principal, actor }) => {
      const row = await createTicket(db, principal, actor, body);
      return { status: 201, body: ticketViewFor(principal, row), headers: { ETag: etag(row.version), Location: `/api/v1/tickets/${row.id}` } };
    },
  }),
  defineRoute({
    method: 'post', path: '/tickets/bulk', operationId: 'bulkUpdateTickets', summary: 'Change up to 1,000 tickets atomically', tag: 'Tickets',
    permission: 'tickets:bulk', body: bulkUpdateInput,
    responses: { 200: { description: 'Per-ticket results', schema: z.object({ results: z.array(z.object({ id: z.number(), ok: z.boolean(), version: z.number().optional() })) }) } },
    handler: async ({ body }, { db, principal, actor }) => ({ body: { results: await bulkUpdateTickets(db, principal, actor, body) } }),
  }),
  defineRoute({
    method: 'get', path: '/tickets/:id', operationId: 'getTicket', summary: 'Get a ticket', tag: 'Tickets',
    permission: 'tickets:read', params: idParam,
    responses: { 200: { description: 'The ticket', schema: ticketResponse }, 404: { description: 'No such ticket visible to you' } },
    handler: async ({ params }, { db, principal }) => {
      const row = await getVisibleTicket(db, principal, params.id);
      return { body: await ticketViewWithSla(db, principal, row), headers: { ETag: etag(row.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/tickets/:id', operationId: 'updateTicket', summary: 'Update a ticket (If-Match required)', tag: 'Tickets',
    permission: 'tickets:update', params: idParam, body: updateTicketInput,
    responses: { 200: { description: 'Updated', schema: ticketResponse }, 409: { description: 'Changed by someone else meanwhile' }, 428: { description: 'If-Match missing' } },
    handler: async ({ params, body }, { db, principal, actor, koa }) => {
      const row = await updateTicket(db, principal, actor, params.id, body, requiredVersion(koa.get('If-Match'), body.version));
      return { body: ticketViewFor(principal, row), headers: { ETag: etag(row.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/tickets/:id', operationId: 'deleteTicket', summary: 'Delete a ticket', tag: 'Tickets',
    permission: 'tickets:delete', params: idParam,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }, { db, principal, actor }) => {
      await deleteTicket(db, principal, actor, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'get', path: '/tickets/:id/status-history', operationId: 'getTicketStatusHistory', summary: 'Every status change of a ticket', tag: 'Tickets',
    permission: 'tickets:read', params: idParam,
    responses: { 200: { description: 'Status changes, oldest first' } },
    handler: async ({ params }, { db, principal }) => {
      await getVisibleTicket(db, principal, params.id);
      const rows = await db('ticket_status_history as h').join('statuses as s', 's.id', 'h.status_id')
        .where('h.ticket_id', params.id).orderBy('h.id')
        .select('h.id', 'h.status_id', 's.name', 'h.category', 'h.previous_status_id', 'h.changed_by_type', 'h.changed_by_id', 'h.changed_at');
      return {
        body: {
          data: rows.map((r) => ({
            id: r.id, status: { id: r.status_id, name: r.name, category: r.category }, previousStatusId: r.previous_status_id,
            changedBy: principal.kind === 'customer' ? undefined : { type: r.changed_by_type, id: r.changed_by_id },
            changedAt: r.changed_at.toISOString(),
          })),
        },
      };
    },
  }),
  defineRoute({
    method: 'get', path: '/tickets/:id/entries', operationId: 'listTicketEntries', summary: 'Conversation history (internal notes only for staff)', tag: 'Conversation',
    permission: 'entries:read', params: idParam, query: pageQuery,
    responses: { 200: { description: 'Entries, oldest first', schema: page(entryResponse) } },
    handler: async ({ params, query }, { db, principal }) => {
      await getVisibleTicket(db, principal, params.id);
      const cursor = query.cursor ? decodeCursor(query.cursor) : null;
      // Entries page on id alone: a cursor carrying a sort value came from another list.
      if (cursor && cursor.v !== null) throw validationError('Invalid cursor', [{ path: 'cursor', message: 'is not a cursor returned by this list' }]);
      const afterId = cursor ? cursor.id : null;
      const { entries, hasMore } = await listEntries(db, principal, params.id, { limit: query.limit, afterId });
      const last = entries.at(-1);
      return { body: { data: entries, nextCursor: hasMore && last ? encodeCursor({ v: null, id: last.id }) : null } };
    },
  }),
  defineRoute({
    method: 'post', path: '/tickets/:id/entries', operationId: 'createTicketEntry', summary: 'Add a message, public reply or internal note', tag: 'Conversation',
    permission: 'entries:read', params: idParam, body: createEntryInput, idempotent: true,
    responses: {
      201: { description: 'Added', schema: entryResponse },
      400: { description: 'A mentioned worker cannot see the ticket, or mentions on a non-note' },
      409: { description: '`code: reply_collision`: newer replies than lastSeenEntryId, listed in `newEntries`' },
    },
    handler: async ({ params, body }, { db, principal, actor }) => {
      const entry = await db.transaction(async (trx) => {
        const ticket = await getVisibleTicket(trx, principal, params.id, { forUpdate: true });
        return addEntryInTransaction(trx, principal, actor, ticket, body);
      });
      return { status: 201, body: entry };
    },
  }),
];
