import { z } from 'zod';
import { CHANNELS, STATUS_CATEGORIES } from '../ticket';
import { bodyId } from './common.schema';
import { SLA_FILTERS, TICKET_SORTS } from './ticket.schema';

export const VIEW_SCOPES = ['personal', 'shared'] as const;
export type ViewScope = (typeof VIEW_SCOPES)[number];

/** Query values are comma lists, so list items may not contain commas themselves. */
const noComma = z.string().trim().min(1).max(64).refine((s) => !s.includes(','), 'may not contain a comma');

/** Exactly the GET /tickets filters, as JSON (core/saved-view.ts turns them into query parameters). */
export const viewFilters = z.strictObject({
  status: z.array(bodyId).max(100).optional(),
  statusCategory: z.array(z.enum(STATUS_CATEGORIES)).max(STATUS_CATEGORIES.length).optional(),
  priority: z.array(bodyId).max(100).optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), bodyId]).optional(),
  team: z.union([z.literal('none'), bodyId]).optional(),
  tag: z.array(noComma).max(50).optional(),
  channel: z.enum(CHANNELS).optional(),
  customFields: z.record(z.string().min(1).max(64), z.union([z.string().min(1).max(500), z.number(), z.boolean()]))
    .refine((r) => Object.keys(r).length <= 20, 'at most 20 custom fields').optional(),
  sla: z.enum(SLA_FILTERS).optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export type ViewFilters = z.infer<typeof viewFilters>;

const name = z.string().trim().min(1).max(100);
const position = z.number().int().min(0).max(1_000_000);

export const createViewInput = z.strictObject({
  name,
  scope: z.enum(VIEW_SCOPES),
  filters: viewFilters,
  sort: z.enum(TICKET_SORTS).optional(),
  position: position.optional(),
});
export type CreateViewInput = z.infer<typeof createViewInput>;

export const updateViewInput = z
  .strictObject({ name: name.optional(), scope: z.enum(VIEW_SCOPES).optional(), filters: viewFilters.optional(), sort: z.enum(TICKET_SORTS).optional(), position: position.optional() })
  .refine((u) => Object.keys(u).length > 0, { message: 'give at least one field to change' });
export type UpdateViewInput = z.infer<typeof updateViewInput>;

export const viewResponse = z.object({
  id: z.number(),
  name: z.string(),
  scope: z.enum(VIEW_SCOPES),
  ownerId: z.number().nullable(),
  filters: z.record(z.string(), z.unknown()),
  sort: z.enum(TICKET_SORTS),
  position: z.number(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ViewView = z.infer<typeof viewResponse> & { filters: ViewFilters };

export const viewCountsResponse = z.object({
  data: z.array(z.object({ viewId: z.number(), count: z.number(), capped: z.boolean() })),
});
