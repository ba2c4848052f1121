import { idParam, page } from '../../core/schemas/common.schema';
import { createPriorityInput, listPrioritiesQuery, priorityResponse, updatePriorityInput } from '../../core/schemas/priority.schema';
import { createPriority, deletePriority, getPriority, listPriorities, updatePriority } from '../../services/settings/priority.service';
import { defineRoute } from '../http/route';
import { etag, optionalVersion } from '../http/versioning';

const tag = 'Priorities';

export const priorityRoutes = [
  defineRoute({
    method: 'get', path: '/priorities', operationId: 'listPriorities', summary: 'List priorities, least urgent first', tag,
    permission: 'settings:read', query: listPrioritiesQuery,
    responses: { 200: { description: 'A page of priorities', schema: page(priorityResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listPriorities(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'post', path: '/priorities', operationId: 'createPriority', summary: 'Create a priority (isDefault moves the default here)', tag,
    permission: 'settings:write', body: createPriorityInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: priorityResponse }, 409: { description: 'Name or rank already used' } },
    handler: async ({ body }, { db, actor }) => {
      const priority = await createPriority(db, actor, body);
      return { status: 201, body: priority, headers: { ETag: etag(priority.version), Location: `/api/v1/priorities/${priority.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/priorities/:id', operationId: 'getPriority', summary: 'Get a priority', tag,
    permission: 'settings:read', params: idParam,
    responses: { 200: { description: 'The priority', schema: priorityResponse } },
    handler: async ({ params }, { db }) => {
      const priority = await getPriority(db, params.id);
      return { body: priority, headers: { ETag: etag(priority.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/priorities/:id', operationId: 'updatePriority', summary: 'Update a priority (a rank change is applied to its tickets)', tag,
    permission: 'settings:write', params: idParam, body: updatePriorityInput,
    responses: { 200: { description: 'Updated', schema: priorityResponse }, 409: { description: 'Stale version, name or rank already used' }, 422: { description: 'Would leave no active default' } },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const priority = await updatePriority(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: priority, headers: { ETag: etag(priority.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/priorities/:id', operationId: 'deletePriority', summary: 'Delete an unused priority (deactivate used ones instead)', tag,
    permission: 'settings:write', params: idParam,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'Tickets use it; deactivate it instead' } },
    handler: async ({ params }, { db, actor }) => {
      await deletePriority(db, actor, params.id);
      return {};
    },
  }),
];
