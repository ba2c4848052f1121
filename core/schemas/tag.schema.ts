import { z } from 'zod';
import { color, cursor, limit } from './common.schema';
import { atLeastOneChange } from './query.schema';

/** Tag names are normalized by core/tags.ts (lowercase words); the schema only bounds the raw input. */
const name = z.string().max(100);

export const createTagInput = z.strictObject({ name, color: color.optional() });
export type CreateTagInput = z.infer<typeof createTagInput>;

export const updateTagInput = z.strictObject({ name: name.optional(), color: color.optional() }).refine(...atLeastOneChange);
export type UpdateTagInput = z.infer<typeof updateTagInput>;

export const listTagsQuery = z.strictObject({
  /** Name prefix, case-insensitive. */
  q: z.string().trim().min(1).max(64).optional(),
  limit,
  cursor,
});
export type ListTagsQuery = z.infer<typeof listTagsQuery>;

export const tagResponse = z.object({
  id: z.number(),
  name: z.string(),
  color: z.string(),
  /** Tickets carrying the tag right now. */
  usage: z.number(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TagView = z.infer<typeof tagResponse>;
