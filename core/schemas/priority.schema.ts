import { z } from 'zod';
import { color, cursor, limit } from './common.schema';
import { atLeastOneChange, bodyVersion, queryBool } from './query.schema';

const fields = {
  name: z.string().trim().min(1).max(100),
  /** Higher rank = more urgent; queues sort by it, so ranks are unique. */
  rank: z.number().int().min(0).max(1_000_000),
  color,
  isDefault: z.boolean(),
  active: z.boolean(),
};

export const createPriorityInput = z.strictObject({
  ...fields,
  color: color.optional(),
  isDefault: fields.isDefault.optional(),
  active: fields.active.optional(),
});
export type CreatePriorityInput = z.infer<typeof createPriorityInput>;

export const updatePriorityInput = z
  .strictObject({ ...z.object(fields).partial().shape, version: bodyVersion })
  .refine(...atLeastOneChange);
export type UpdatePriorityInput = z.infer<typeof updatePriorityInput>;

export const listPrioritiesQuery = z.strictObject({ active: queryBool.optional(), limit, cursor });
export type ListPrioritiesQuery = z.infer<typeof listPrioritiesQuery>;

export const priorityResponse = z.object({
  id: z.number(),
  name: z.string(),
  rank: z.number(),
  color: z.string(),
  isDefault: z.boolean(),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number(),
});
export type PriorityView = z.infer<typeof priorityResponse>;
