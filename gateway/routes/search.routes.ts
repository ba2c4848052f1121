import { ticketSearchQuery, ticketSearchResponse } from '../../core/schemas/search.schema';
import { searchTickets, sharedRequesterIds } from '../../services/search/ticket-search.service';
import { defineRoute } from '../http/route';

export const searchRoutes = [
  defineRoute({
    method: 'get', path: '/search/tickets', operationId: 'searchTickets',
    summary: 'Full-text ticket search (typo tolerant) with filters, facets and highlights, scoped like the ticket list', tag: 'Search',
    permission: 'tickets:read', query: ticketSearchQuery,
    responses: {
      200: { description: 'Matching tickets, facet counts and highlighted snippets', schema: ticketSearchResponse },
      503: { description: 'The search engine cannot be reached' },
    },
    handler: async ({ query }, { db, principal, deps }) => ({ body: await searchTickets(deps.search, principal, query, await sharedRequesterIds(db, principal)) }),
  }),
];
