import { z } from 'zod';
import { ENTRY_KINDS, STATUS_CATEGORIES } from '../../core/ticket';

/** Response shapes, for the OpenAPI document. */
export const ticketResponse = z.object({
  id: z.number(),
  number: z.number(),
  subject: z.string(),
  requesterId: z.number(),
  assigneeId: z.number().nullable().optional(),
  teamId: z.number().nullable().optional(),
  status: z.object({ id: z.number().optional(), name: z.string(), category: z.enum(STATUS_CATEGORIES) }),
  priority: z.object({ id: z.number(), name: z.string(), rank: z.number() }).optional(),
  tags: z.array(z.string()).optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
  channel: z.string(),
  language: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  statusChangedAt: z.iso.datetime().optional(),
  version: z.number(),
  /** Staff only: the lifecycle's next deadline and breach flag; null without a lifecycle instance. */
  sla: z.object({ nextDeadlineAt: z.iso.datetime().nullable(), breached: z.boolean() }).nullable().optional(),
});

export const entryResponse = z.object({
  id: z.number(),
  ticketId: z.number(),
  kind: z.enum(ENTRY_KINDS),
  author: z.object({ type: z.string(), id: z.number().nullable() }),
  channel: z.string(),
  bodyHtml: z.string(),
  bodyText: z.string(),
  attachments: z.array(z.object({ id: z.number(), filename: z.string(), contentType: z.string(), size: z.number() })),
  /** Workers mentioned in an internal note (empty otherwise). */
  mentions: z.array(z.number()).optional(),
  createdAt: z.iso.datetime(),
  /** A copy made by a merge or split: where the original is. */
  copiedFrom: z.object({ reason: z.enum(['merge', 'split']), ticketId: z.number(), ticketNumber: z.number(), entryId: z.number() }).optional(),
});
