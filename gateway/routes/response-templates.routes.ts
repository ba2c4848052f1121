import { idParam, page } from '../../core/schemas/common.schema';
import {
  createResponseTemplateInput, listResponseTemplatesQuery, renderedTemplateResponse, renderResponseTemplateInput, responseTemplateResponse,
  updateResponseTemplateInput,
} from '../../core/schemas/response-template.schema';
import {
  createResponseTemplate, deleteResponseTemplate, getResponseTemplate, listResponseTemplates, updateResponseTemplate,
} from '../../services/settings/response-template.service';
import { renderForTicket } from '../../services/tickets/template-render.service';
import { defineRoute } from '../http/route';

const tag = 'Response templates';

export const responseTemplateRoutes = [
  defineRoute({
    method: 'get', path: '/response-templates', operationId: 'listResponseTemplates', summary: 'List response templates, oldest first (filter by name prefix, active)', tag,
    permission: 'settings:read', query: listResponseTemplatesQuery,
    responses: { 200: { description: 'A page of templates', schema: page(responseTemplateResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listResponseTemplates(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'post', path: '/response-templates', operationId: 'createResponseTemplate', summary: 'Create a response template', tag,
    permission: 'settings:write', body: createResponseTemplateInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: responseTemplateResponse }, 409: { description: 'Name already used' } },
    handler: async ({ body }, { db, actor }) => {
      const created = await createResponseTemplate(db, actor, body);
      return { status: 201, body: created, headers: { Location: `/api/v1/response-templates/${created.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/response-templates/:id', operationId: 'getResponseTemplate', summary: 'Get a response template', tag,
    permission: 'settings:read', params: idParam,
    responses: { 200: { description: 'The template', schema: responseTemplateResponse } },
    handler: async ({ params }, { db }) => ({ body: await getResponseTemplate(db, params.id) }),
  }),
  defineRoute({
    method: 'patch', path: '/response-templates/:id', operationId: 'updateResponseTemplate', summary: 'Change, activate or deactivate a response template', tag,
    permission: 'settings:write', params: idParam, body: updateResponseTemplateInput,
    responses: { 200: { description: 'Updated', schema: responseTemplateResponse }, 409: { description: 'Name used or version stale' } },
    handler: async ({ params, body }, { db, actor }) => ({ body: await updateResponseTemplate(db, actor, params.id, body) }),
  }),
  defineRoute({
    method: 'delete', path: '/response-templates/:id', operationId: 'deleteResponseTemplate', summary: 'Delete a never-used response template', tag,
    permission: 'settings:write', params: idParam,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'Used in replies: deactivate instead' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteResponseTemplate(db, actor, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'post', path: '/response-templates/:id/render', operationId: 'renderResponseTemplate', summary: 'Render a template for a ticket (composer HTML, values escaped)', tag,
    permission: 'tickets:read', params: idParam, body: renderResponseTemplateInput,
    responses: { 200: { description: 'Rendered HTML', schema: renderedTemplateResponse }, 403: { description: 'Not an agent' }, 404: { description: 'No such template, or ticket not visible to you' } },
    handler: async ({ params, body }, { db, principal }) => ({ body: await renderForTicket(db, principal, params.id, body.ticketId) }),
  }),
];
