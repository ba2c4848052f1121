import { z } from 'zod';
import { CHANNELS, ENTRY_KINDS, STATUS_CATEGORIES } from '../ticket';
import { bodyId, cursor, id, language, limit, listParam, nullableId } from './common.schema';

const messageShape = {
  bodyHtml: z.string().min(1).max(500_000).optional(),
  bodyText: z.string().min(1).max(500_000).optional(),
  attachmentIds: z.array(bodyId).max(50).optional(),
};
const exactlyOneBody = [
  (m: { bodyHtml?: string | undefined; bodyText?: string | undefined }) => (m.bodyHtml === undefined) !== (m.bodyText === undefined),
  { message: 'give exactly one of bodyHtml or bodyText' },
] as const;

/** A message written by a person; its kind decides who may see it. */
export const createEntryInput = z
  .strictObject({
    ...messageShape,
    kind: z.enum(ENTRY_KINDS).exclude(['system_event']).optional(),
    /** The response template an agent's public reply was written from (template analytics). */
    templateId: bodyId.optional(),
    /** Workers to notify; internal notes only, each must be able to see the ticket. */
    mentions: z.array(bodyId).max(20).optional(),
    /** The newest entry the writer has seen: a newer reply by someone else is a 409 `reply_collision`. */
    lastSeenEntryId: bodyId.optional(),
  })
  .refine(...exactlyOneBody);
export type CreateEntryInput = z.infer<typeof createEntryInput>;

export const createTicketInput = z.strictObject({
  subject: z.string().trim().min(1).max(500),
  requesterId: bodyId.optional(),
  requester: z.strictObject({ email: z.email().max(320), name: z.string().trim().min(1).max(200).optional() }).optional(),
  assigneeId: nullableId.optional(),
  teamId: nullableId.optional(),
  statusId: bodyId.optional(),
  priorityId: bodyId.optional(),
  tags: z.array(z.string().max(100)).max(50).optional(),
  customFields: z.record(z.string().max(64), z.unknown()).optional(),
  channel: z.enum(CHANNELS).optional(),
  language: language.optional(),
  message: createEntryInput.optional(),
});
export type CreateTicketInput = z.infer<typeof createTicketInput>;

export const updateTicketInput = z
  .strictObject({
    subject: z.string().trim().min(1).max(500).optional(),
    assigneeId: nullableId.optional(),
    teamId: nullableId.optional(),
    statusId: bodyId.optional(),
    priorityId: bodyId.optional(),
    tags: z.array(z.string().max(100)).max(50).optional(),
    customFields: z.record(z.string().max(64), z.unknown()).optional(),
    language: language.optional(),
    version: z.number().int().positive().optional(),
  })
  .refine((u) => Object.keys(u).some((k) => k !== 'version'), { message: 'give at least one field to change' });
export type UpdateTicketInput = z.infer<typeof updateTicketInput>;

export const bulkUpdateInput = z.strictObject({
  ids: z.array(bodyId).min(1).max(1000).refine((ids) => new Set(ids).size === ids.length, 'ids must be unique'),
  changes: z
    .strictObject({
      statusId: bodyId.optional(),
      priorityId: bodyId.optional(),
      assigneeId: nullableId.optional(),
      teamId: nullableId.optional(),
      addTags: z.array(z.string().max(100)).max(50).optional(),
      removeTags: z.array(z.string().max(100)).max(50).optional(),
    })
    .refine((c) => Object.keys(c).length > 0, { message: 'give at least one change' }),
});
export type BulkUpdateInput = z.infer<typeof bulkUpdateInput>;

export const TICKET_SORTS = ['updatedAt', '-updatedAt', 'createdAt', '-createdAt', 'priority', '-priority', 'number', '-number', 'slaDue', '-slaDue'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

/** SLA buckets of a ticket's lifecycle instance; they do not overlap (docs/workspace-api.md). */
export const SLA_FILTERS = ['breached', 'due_soon', 'ok', 'none'] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];

/** Known list filters; `cf.<key>=value` custom-field filters are accepted beside these. */
export const listTicketsQuery = z.looseObject({
  status: listParam(id).optional(),
  statusCategory: listParam(z.enum(STATUS_CATEGORIES)).optional(),
  priority: listParam(id).optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), id]).optional(),
  team: z.union([z.literal('none'), id]).optional(),
  requester: id.optional(),
  tag: listParam(z.string().min(1).max(64)).optional(),
  channel: z.enum(CHANNELS).optional(),
  sla: z.enum(SLA_FILTERS).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(TICKET_SORTS).default('-updatedAt'),
  limit,
  cursor,
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;
