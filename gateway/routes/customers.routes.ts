import { idParam, page } from '../../core/schemas/common.schema';
import { createCustomerInput, customerResponse, listCustomersQuery, updateCustomerInput } from '../../core/schemas/customer.schema';
import { createCustomer, deleteCustomer, getCustomer, listCustomers, updateCustomer } from '../../services/people/customer.service';
import { defineRoute } from '../http/route';
import { etag, optionalVersion } from '../http/versioning';

const tag = 'Customers';

/** Staff-only: customers:read/write are never granted to customers themselves. */
export const customerRoutes = [
  defineRoute({
    method: 'get', path: '/customers', operationId: 'listCustomers', summary: 'Search customers by name or email, or by organization', tag,
    permission: 'customers:read', query: listCustomersQuery,
    responses: { 200: { description: 'A page of customers', schema: page(customerResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listCustomers(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'post', path: '/customers', operationId: 'createCustomer', summary: 'Create a customer', tag,
    permission: 'customers:write', body: createCustomerInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: customerResponse }, 409: { description: 'Email already used' } },
    handler: async ({ body }, { db, actor }) => {
      const customer = await createCustomer(db, actor, body);
      return { status: 201, body: customer, headers: { ETag: etag(customer.version), Location: `/api/v1/customers/${customer.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/customers/:id', operationId: 'getCustomer', summary: 'Get a customer', tag,
    permission: 'customers:read', params: idParam,
    responses: { 200: { description: 'The customer', schema: customerResponse } },
    handler: async ({ params }, { db }) => {
      const customer = await getCustomer(db, params.id);
      return { body: customer, headers: { ETag: etag(customer.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/customers/:id', operationId: 'updateCustomer', summary: 'Update a customer', tag,
    permission: 'customers:write', params: idParam, body: updateCustomerInput,
    responses: { 200: { description: 'Updated', schema: customerResponse }, 409: { description: 'Stale version or email already used' } },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const customer = await updateCustomer(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: customer, headers: { ETag: etag(customer.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/customers/:id', operationId: 'deleteCustomer', summary: 'Delete a customer who has no tickets', tag,
    permission: 'customers:write', params: idParam,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'The customer has tickets' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteCustomer(db, actor, params.id);
      return {};
    },
  }),
];
