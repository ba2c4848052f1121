import { z } from 'zod';
import { idParam } from '../../core/schemas/common.schema';
import { createMacroInput, listMacrosQuery, macroApplyParams, macroResponse, MACRO_REPLY_KINDS, updateMacroInput } from '../../core/schemas/macro.schema';
import { applyMacro } from '../../services/macros/macro-apply.service';
import { createMacro, deleteMacro, listMacros, updateMacro } from '../../services/macros/macro.service';
import { ticketViewWithSla } from '../../services/tickets/ticket-sla';
import { defineRoute } from '../http/route';
import { etag, requiredVersion } from '../http/versioning';
import { ticketResponse } from './views.schema';

const tag = 'Macros';

/** One-click ticket actions: shared macros (settings:write to change) and personal ones. Workers only. */
export const macroRoutes = [
  defineRoute({
    method: 'get', path: '/macros', operationId: 'listMacros', summary: 'Shared macros and mine (active only unless all=true)', tag,
    permission: 'notes:read', query: listMacrosQuery,
    responses: { 200: { description: 'Macros', schema: z.object({ data: z.array(macroResponse) }) } },
    handler: async ({ query }, { db, principal }) => ({ body: { data: await listMacros(db, principal, { all: query.all }) } }),
  }),
  defineRoute({
    method: 'post', path: '/macros', operationId: 'createMacro', summary: 'Create a macro (shared macros need settings:write)', tag,
    permission: 'notes:read', body: createMacroInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: macroResponse } },
    handler: async ({ body }, { db, principal, actor }) => {
      const created = await createMacro(db, principal, actor, body);
      return { status: 201, body: created, headers: { Location: `/api/v1/macros/${created.id}` } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/macros/:id', operationId: 'updateMacro', summary: 'Change a macro', tag,
    permission: 'notes:read', params: idParam, body: updateMacroInput,
    responses: { 200: { description: 'Updated', schema: macroResponse } },
    handler: async ({ params, body }, { db, principal, actor }) => ({ body: await updateMacro(db, principal, actor, params.id, body) }),
  }),
  defineRoute({
    method: 'delete', path: '/macros/:id', operationId: 'deleteMacro', summary: 'Delete a macro', tag,
    permission: 'notes:read', params: idParam,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }, { db, principal, actor }) => {
      await deleteMacro(db, principal, actor, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'post', path: '/tickets/:id/macros/:macroId/apply', operationId: 'applyMacro', summary: 'Apply a macro to a ticket (If-Match); returns the rendered reply unsent', tag,
    permission: 'tickets:update', params: macroApplyParams,
    responses: {
      200: { description: 'The updated ticket and the reply for the composer', schema: z.object({ ticket: ticketResponse, reply: z.object({ kind: z.enum(MACRO_REPLY_KINDS), bodyHtml: z.string() }).nullable() }) },
      409: { description: 'Ticket changed meanwhile, or macro inactive' }, 428: { description: 'If-Match missing' },
    },
    handler: async ({ params }, { db, principal, actor, koa }) => {
      const { ticket, reply } = await applyMacro(db, principal, actor, { ticketId: params.id, macroId: params.macroId, expectedVersion: requiredVersion(koa.get('If-Match'), undefined) });
      return { body: { ticket: await ticketViewWithSla(db, principal, ticket), reply }, headers: { ETag: etag(ticket.version) } };
    },
  }),
];
