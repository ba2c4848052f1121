import { z } from 'zod';
import { bodyId, id, nullableId } from './common.schema';
import { queryBool } from './query.schema';
import { VIEW_SCOPES } from './view.schema';

export const MACRO_REPLY_KINDS = ['public_reply', 'internal_note'] as const;

/** Field changes a macro makes: the PATCH /tickets/:id fields, with tags added/removed and `me` for the agent. */
export const macroActions = z.strictObject({
  statusId: bodyId.optional(),
  priorityId: bodyId.optional(),
  assigneeId: z.union([nullableId, z.literal('me')]).optional(),
  teamId: nullableId.optional(),
  addTags: z.array(z.string().max(100)).max(50).optional(),
  removeTags: z.array(z.string().max(100)).max(50).optional(),
  customFields: z.record(z.string().max(64), z.unknown()).optional(),
});
export type MacroActions = z.infer<typeof macroActions>;

const name = z.string().trim().min(1).max(100);
const replyHtml = z.string().min(1).max(100_000).nullable();

export const createMacroInput = z
  .strictObject({
    name,
    scope: z.enum(VIEW_SCOPES),
    active: z.boolean().optional(),
    actions: macroActions,
    replyHtml: replyHtml.optional(),
    replyKind: z.enum(MACRO_REPLY_KINDS).optional(),
  })
  .refine((m) => Object.keys(m.actions).length > 0 || !!m.replyHtml, { message: 'a macro needs at least one action or a reply', path: ['actions'] });
export type CreateMacroInput = z.infer<typeof createMacroInput>;

export const updateMacroInput = z
  .strictObject({
    name: name.optional(),
    scope: z.enum(VIEW_SCOPES).optional(),
    active: z.boolean().optional(),
    actions: macroActions.optional(),
    replyHtml: replyHtml.optional(),
    replyKind: z.enum(MACRO_REPLY_KINDS).optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'give at least one field to change' });
export type UpdateMacroInput = z.infer<typeof updateMacroInput>;

export const listMacrosQuery = z.strictObject({ all: queryBool.optional() });

export const macroApplyParams = z.strictObject({ id, macroId: id });

export const macroResponse = z.object({
  id: z.number(),
  name: z.string(),
  scope: z.enum(VIEW_SCOPES),
  ownerId: z.number().nullable(),
  active: z.boolean(),
  actions: z.record(z.string(), z.unknown()),
  replyHtml: z.string().nullable(),
  replyKind: z.enum(MACRO_REPLY_KINDS),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type MacroView = z.infer<typeof macroResponse> & { actions: MacroActions };
