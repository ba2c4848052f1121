import { idParam, page } from '../../core/schemas/common.schema';
import { createCustomFieldInput, customFieldResponse, listCustomFieldsQuery, updateCustomFieldInput } from '../../core/schemas/custom-field.schema';
import { createCustomField, deleteCustomField, getCustomField, listCustomFields, updateCustomField } from '../../services/settings/custom-field.service';
import { defineRoute } from '../http/route';
import { etag, optionalVersion } from '../http/versioning';

const tag = 'Custom fields';

export const customFieldRoutes = [
  defineRoute({
    method: 'get', path: '/custom-fields', operationId: 'listCustomFields', summary: 'List custom field definitions in display order', tag,
    permission: 'settings:read', query: listCustomFieldsQuery,
    responses: { 200: { description: 'A page of definitions', schema: page(customFieldResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listCustomFields(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'post', path: '/custom-fields', operationId: 'createCustomField', summary: 'Define a ticket custom field', tag,
    permission: 'settings:write', body: createCustomFieldInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: customFieldResponse }, 409: { description: 'Key already used' } },
    handler: async ({ body }, { db, actor }) => {
      const field = await createCustomField(db, actor, body);
      return { status: 201, body: field, headers: { ETag: etag(field.version), Location: `/api/v1/custom-fields/${field.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/custom-fields/:id', operationId: 'getCustomField', summary: 'Get a custom field definition', tag,
    permission: 'settings:read', params: idParam,
    responses: { 200: { description: 'The definition', schema: customFieldResponse } },
    handler: async ({ params }, { db }) => {
      const field = await getCustomField(db, params.id);
      return { body: field, headers: { ETag: etag(field.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/custom-fields/:id', operationId: 'updateCustomField', summary: 'Update a custom field (key and type are fixed)', tag,
    permission: 'settings:write', params: idParam, body: updateCustomFieldInput,
    responses: { 200: { description: 'Updated', schema: customFieldResponse }, 409: { description: 'Stale version, or a removed option is still used by tickets' } },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const field = await updateCustomField(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: field, headers: { ETag: etag(field.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/custom-fields/:id', operationId: 'deleteCustomField', summary: 'Delete a custom field no ticket has a value for', tag,
    permission: 'settings:write', params: idParam,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'Tickets have values; deactivate it instead' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteCustomField(db, actor, params.id);
      return {};
    },
  }),
];
