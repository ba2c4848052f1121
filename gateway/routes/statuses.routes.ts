import { idParam, page } from '../../core/schemas/common.schema';
import { createStatusInput, listStatusesQuery, statusResponse, updateStatusInput } from '../../core/schemas/status.schema';
import { createStatus, deleteStatus, getStatus, listStatuses, updateStatus } from '../../services/settings/status.service';
import { defineRoute } from '../http/route';
import { etag, optionalVersion } from '../http/versioning';

const tag = 'Statuses';

export const statusRoutes = [
  defineRoute({
    method: 'get', path: '/statuses', operationId: 'listStatuses', summary: 'List ticket statuses in display order', tag,
    permission: 'settings:read', query: listStatusesQuery,
    responses: { 200: { description: 'A page of statuses', schema: page(statusResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listStatuses(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'post', path: '/statuses', operationId: 'createStatus', summary: 'Create a status (isDefault moves the default here)', tag,
    permission: 'settings:write', body: createStatusInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: statusResponse }, 409: { description: 'Name already used' } },
    handler: async ({ body }, { db, actor }) => {
      const status = await createStatus(db, actor, body);
      return { status: 201, body: status, headers: { ETag: etag(status.version), Location: `/api/v1/statuses/${status.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/statuses/:id', operationId: 'getStatus', summary: 'Get a status', tag,
    permission: 'settings:read', params: idParam,
    responses: { 200: { description: 'The status', schema: statusResponse } },
    handler: async ({ params }, { db }) => {
      const status = await getStatus(db, params.id);
      return { body: status, headers: { ETag: etag(status.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/statuses/:id', operationId: 'updateStatus', summary: 'Update a status (a category change is applied to its tickets)', tag,
    permission: 'settings:write', params: idParam, body: updateStatusInput,
    responses: { 200: { description: 'Updated', schema: statusResponse }, 409: { description: 'Stale version or name already used' }, 422: { description: 'Would leave no active default' } },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const status = await updateStatus(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: status, headers: { ETag: etag(status.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/statuses/:id', operationId: 'deleteStatus', summary: 'Delete an unused status (deactivate used ones instead)', tag,
    permission: 'settings:write', params: idParam,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'Tickets use it; deactivate it instead' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteStatus(db, actor, params.id);
      return {};
    },
  }),
];
