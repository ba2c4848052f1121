import { z } from 'zod';
import { STATUS_CATEGORIES } from '../ticket';
import { color, cursor, limit, listParam } from './common.schema';
import { atLeastOneChange, bodyVersion, queryBool } from './query.schema';

const fields = {
  name: z.string().trim().min(1).max(100),
  category: z.enum(STATUS_CATEGORIES),
  position: z.number().int().min(0).max(1_000_000),
  color,
  isDefault: z.boolean(),
  active: z.boolean(),
};

export const createStatusInput = z.strictObject({
  ...fields,
  position: fields.position.optional(),
  color: color.optional(),
  isDefault: fields.isDefault.optional(),
  active: fields.active.optional(),
});
export type CreateStatusInput = z.infer<typeof createStatusInput>;

export const updateStatusInput = z
  .strictObject({ ...z.object(fields).partial().shape, version: bodyVersion })
  .refine(...atLeastOneChange);
export type UpdateStatusInput = z.infer<typeof updateStatusInput>;

export const listStatusesQuery = z.strictObject({
  active: queryBool.optional(),
  category: listParam(z.enum(STATUS_CATEGORIES)).optional(),
  limit,
  cursor,
});
export type ListStatusesQuery = z.infer<typeof listStatusesQuery>;

export const statusResponse = z.object({
  id: z.number(),
  name: z.string(),
  category: z.enum(STATUS_CATEGORIES),
  position: z.number(),
  color: z.string(),
  isDefault: z.boolean(),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number(),
});
export type StatusView = z.infer<typeof statusResponse>;
