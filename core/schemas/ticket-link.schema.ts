import { z } from 'zod';
import { bodyId, id } from './common.schema';

/**
 * Relations between tickets. A link's `kind` says what the linked ticket is to this one: `parent` = the linked
 * ticket is this one's parent; `merged_into` = this ticket was merged into the linked one.
 */
export const LINK_KINDS = ['related', 'duplicate', 'parent', 'child', 'merged_into', 'merged_from'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
/** Kinds a person may create or delete; merge links are written by the merge and stay as history. */
export const MANUAL_LINK_KINDS = ['related', 'duplicate', 'parent', 'child'] as const;

/** The same relation seen from the other ticket. */
export const INVERSE_LINK: Record<LinkKind, LinkKind> = {
  related: 'related',
  duplicate: 'duplicate',
  parent: 'child',
  child: 'parent',
  merged_into: 'merged_from',
  merged_from: 'merged_into',
};

export const createLinkInput = z.strictObject({ kind: z.enum(MANUAL_LINK_KINDS), ticketId: bodyId });
export type CreateLinkInput = z.infer<typeof createLinkInput>;

export const linkParams = z.strictObject({ id, linkId: id });

export const mergeInput = z.strictObject({ targetTicketId: bodyId });

export const splitInput = z.strictObject({
  entryIds: z.array(bodyId).min(1).max(200).refine((ids) => new Set(ids).size === ids.length, 'entryIds must be unique'),
  subject: z.string().trim().min(1).max(500).optional(),
});
export type SplitInput = z.infer<typeof splitInput>;

export const linkResponse = z.object({
  id: z.number(),
  kind: z.enum(LINK_KINDS),
  ticket: z.object({
    id: z.number(),
    number: z.number(),
    subject: z.string(),
    status: z.object({ id: z.number().optional(), name: z.string(), category: z.string() }),
  }),
  createdAt: z.iso.datetime(),
});
