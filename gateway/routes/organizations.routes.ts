import { idParam, page } from '../../core/schemas/common.schema';
import {
  createOrganizationInput, listOrganizationsQuery, organizationResponse, updateOrganizationInput,
} from '../../core/schemas/organization.schema';
import {
  createOrganization, deleteOrganization, getOrganization, listOrganizations, updateOrganization,
} from '../../services/people/organization.service';
import { defineRoute } from '../http/route';
import { etag, optionalVersion } from '../http/versioning';

const tag = 'Organizations';

export const organizationRoutes = [
  defineRoute({
    method: 'get', path: '/organizations', operationId: 'listOrganizations', summary: 'Search organizations by name or domain', tag,
    permission: 'customers:read', query: listOrganizationsQuery,
    responses: { 200: { description: 'A page of organizations', schema: page(organizationResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listOrganizations(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'post', path: '/organizations', operationId: 'createOrganization', summary: 'Create an organization', tag,
    permission: 'customers:write', body: createOrganizationInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: organizationResponse }, 409: { description: 'Name already used' } },
    handler: async ({ body }, { db, actor }) => {
      const org = await createOrganization(db, actor, body);
      return { status: 201, body: org, headers: { ETag: etag(org.version), Location: `/api/v1/organizations/${org.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/organizations/:id', operationId: 'getOrganization', summary: 'Get an organization', tag,
    permission: 'customers:read', params: idParam,
    responses: { 200: { description: 'The organization', schema: organizationResponse } },
    handler: async ({ params }, { db }) => {
      const org = await getOrganization(db, params.id);
      return { body: org, headers: { ETag: etag(org.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/organizations/:id', operationId: 'updateOrganization', summary: 'Update an organization', tag,
    permission: 'customers:write', params: idParam, body: updateOrganizationInput,
    responses: { 200: { description: 'Updated', schema: organizationResponse }, 409: { description: 'Stale version or name already used' } },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const org = await updateOrganization(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: org, headers: { ETag: etag(org.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/organizations/:id', operationId: 'deleteOrganization', summary: 'Delete an organization (its customers stay, without one)', tag,
    permission: 'customers:write', params: idParam,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteOrganization(db, actor, params.id);
      return {};
    },
  }),
];
