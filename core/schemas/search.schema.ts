import { z } from 'zod';
import { isNormalizedTag } from '../tags';
import { STATUS_CATEGORIES, CHANNELS } from '../ticket';
import { cursor, id, limit, listParam } from './common.schema';

export const TICKET_SEARCH_SORTS = ['relevance', 'updatedAt', '-updatedAt', 'createdAt', '-createdAt'] as const;

/** GET /search/tickets: words (typo tolerant) plus the ticket list's main filters; an empty `q` browses. */
export const ticketSearchQuery = z.strictObject({
  q: z.string().trim().max(200).default(''),
  status: listParam(id).optional(),
  statusCategory: listParam(z.enum(STATUS_CATEGORIES)).optional(),
  priority: listParam(id).optional(),
  team: z.union([z.literal('none'), id]).optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), id]).optional(),
  tag: listParam(z.string().trim().toLowerCase().refine(isNormalizedTag, 'is not a valid tag')).optional(),
  channel: z.enum(CHANNELS).optional(),
  sort: z.enum(TICKET_SEARCH_SORTS).default('relevance'),
  limit,
  cursor,
});
export type TicketSearchQuery = z.infer<typeof ticketSearchQuery>;

const facetCounts = z.record(z.string(), z.number());

export const ticketSearchHit = z.object({
  id: z.number(),
  number: z.number(),
  subject: z.string(),
  statusId: z.number(),
  statusCategory: z.string(),
  priorityId: z.number(),
  teamId: z.number().nullable(),
  assigneeId: z.number().nullable(),
  requester: z.object({ id: z.number(), name: z.string(), email: z.string().nullable() }),
  tags: z.array(z.string()),
  channel: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** HTML-escaped snippets with matches in <mark>; internalText only for principals with notes:read. */
  highlight: z.object({ subject: z.string(), publicText: z.string().nullable(), internalText: z.string().nullable().optional() }),
});

export const ticketSearchResponse = z.object({
  data: z.array(ticketSearchHit),
  nextCursor: z.string().nullable(),
  estimatedTotal: z.number(),
  facets: z.object({ status: facetCounts, priority: facetCounts, team: facetCounts, tag: facetCounts }),
});
export type TicketSearchResponse = z.infer<typeof ticketSearchResponse>;
