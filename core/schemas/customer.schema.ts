import { z } from 'zod';
import { cursor, id, language, limit, nullableId } from './common.schema';
import { atLeastOneChange, bodyVersion, searchText } from './query.schema';

const fields = {
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320).nullable(),
  phone: z.string().trim().min(3).max(50).regex(/^[0-9+()\-.\s/]+$/, 'may contain digits, spaces and + ( ) - . / only').nullable(),
  language,
  organizationId: nullableId,
};

export const createCustomerInput = z.strictObject({ ...z.object(fields).partial().shape, name: fields.name });
export type CreateCustomerInput = z.infer<typeof createCustomerInput>;

export const updateCustomerInput = z
  .strictObject({ ...z.object(fields).partial().shape, version: bodyVersion })
  .refine(...atLeastOneChange);
export type UpdateCustomerInput = z.infer<typeof updateCustomerInput>;

export const listCustomersQuery = z.strictObject({
  /** Matches name or email, case-insensitive substring. */
  q: searchText.optional(),
  organizationId: id.optional(),
  limit,
  cursor,
});
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;

export const customerResponse = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  language: z.string(),
  organization: z.object({ id: z.number(), name: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number(),
});
export type CustomerView = z.infer<typeof customerResponse>;
