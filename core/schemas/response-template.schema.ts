import { z } from 'zod';
import { bodyId, cursor, limit } from './common.schema';
import { atLeastOneChange, bodyVersion, queryBool } from './query.schema';

const name = z.string().trim().min(1).max(200);
/** HTML with `{{placeholders}}`; sanitized and checked for unknown placeholders by the service. */
const bodyHtml = z.string().min(1).max(100_000);

export const createResponseTemplateInput = z.strictObject({ name, bodyHtml, active: z.boolean().optional() });
export type CreateResponseTemplateInput = z.infer<typeof createResponseTemplateInput>;

export const updateResponseTemplateInput = z
  .strictObject({ name: name.optional(), bodyHtml: bodyHtml.optional(), active: z.boolean().optional(), version: bodyVersion })
  .refine(...atLeastOneChange);
export type UpdateResponseTemplateInput = z.infer<typeof updateResponseTemplateInput>;

export const listResponseTemplatesQuery = z.strictObject({
  /** Name prefix, case-insensitive. */
  q: z.string().trim().min(1).max(64).optional(),
  active: queryBool.optional(),
  limit,
  cursor,
});
export type ListResponseTemplatesQuery = z.infer<typeof listResponseTemplatesQuery>;

export const renderResponseTemplateInput = z.strictObject({ ticketId: bodyId });
export type RenderResponseTemplateInput = z.infer<typeof renderResponseTemplateInput>;

export const responseTemplateResponse = z.object({
  id: z.number(),
  name: z.string(),
  bodyHtml: z.string(),
  active: z.boolean(),
  createdBy: z.number().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number(),
});
export type ResponseTemplateView = z.infer<typeof responseTemplateResponse>;

export const renderedTemplateResponse = z.object({ templateId: z.number(), ticketId: z.number(), bodyHtml: z.string() });
