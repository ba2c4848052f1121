import { z } from 'zod';
import { CUSTOM_FIELD_TYPES } from '../custom-fields';
import { cursor, limit } from './common.schema';
import { atLeastOneChange, bodyVersion, queryBool } from './query.schema';

export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_]{0,63}$/;
export const SELECT_TYPES: readonly string[] = ['single_select', 'multi_select'];

const options = z
  .array(z.string().trim().min(1).max(100))
  .max(500)
  .refine((o) => new Set(o).size === o.length, 'options must be unique');

const fields = {
  label: z.string().trim().min(1).max(200),
  options,
  required: z.boolean(),
  active: z.boolean(),
  position: z.number().int().min(0).max(1_000_000),
};

export const createCustomFieldInput = z.strictObject({
  key: z.string().regex(CUSTOM_FIELD_KEY, 'must start with a lowercase letter and use only a-z, 0-9 and _ (at most 64 characters)'),
  type: z.enum(CUSTOM_FIELD_TYPES),
  ...z.object(fields).partial().shape,
  label: fields.label,
});
export type CreateCustomFieldInput = z.infer<typeof createCustomFieldInput>;

// Key and type are fixed once values exist under them in tickets.custom_fields.
const immutable = z.never({ error: 'cannot be changed after creation' }).optional();

export const updateCustomFieldInput = z
  .strictObject({ ...z.object(fields).partial().shape, key: immutable, type: immutable, version: bodyVersion })
  .refine(...atLeastOneChange);
export type UpdateCustomFieldInput = z.infer<typeof updateCustomFieldInput>;

export const listCustomFieldsQuery = z.strictObject({
  active: queryBool.optional(),
  type: z.enum(CUSTOM_FIELD_TYPES).optional(),
  limit,
  cursor,
});
export type ListCustomFieldsQuery = z.infer<typeof listCustomFieldsQuery>;

export const customFieldResponse = z.object({
  id: z.number(),
  key: z.string(),
  label: z.string(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.string()),
  required: z.boolean(),
  active: z.boolean(),
  position: z.number(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number(),
});
export type CustomFieldView = z.infer<typeof customFieldResponse>;
