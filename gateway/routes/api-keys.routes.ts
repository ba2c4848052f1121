import { idParam, page } from '../../core/schemas/common.schema';
import { apiKeyResponse, createApiKeyInput, createdApiKeyResponse, listApiKeysQuery } from '../../core/schemas/api-key.schema';
import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from '../../services/auth/api-keys.service';
import { defineRoute } from '../http/route';

const tag = 'API keys';

export const apiKeyRoutes = [
  defineRoute({
    method: 'get', path: '/api-keys', operationId: 'listApiKeys', summary: 'List API keys (never their secrets)', tag,
    permission: 'api_keys:manage', query: listApiKeysQuery,
    responses: { 200: { description: 'A page of keys', schema: page(apiKeyResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listApiKeys(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  // Not idempotent on purpose: a replayed response would have to store the secret in plain text.
  defineRoute({
    method: 'post', path: '/api-keys', operationId: 'createApiKey', summary: 'Create a worker or plugin key; the key is shown only in this response', tag,
    permission: 'api_keys:manage', body: createApiKeyInput,
    responses: { 201: { description: 'Created; store `key` now, it cannot be shown again', schema: createdApiKeyResponse } },
    handler: async ({ body }, { db, principal, actor }) => {
      const { view, key } = await createApiKey(db, principal, actor, body);
      return { status: 201, body: { ...view, key }, headers: { Location: `/api/v1/api-keys/${view.id}`, 'Cache-Control': 'no-store' } };
    },
  }),
  defineRoute({
    method: 'get', path: '/api-keys/:id', operationId: 'getApiKey', summary: 'Get an API key (never its secret)', tag,
    permission: 'api_keys:manage', params: idParam,
    responses: { 200: { description: 'The key', schema: apiKeyResponse } },
    handler: async ({ params }, { db }) => ({ body: await getApiKey(db, params.id) }),
  }),
  defineRoute({
    method: 'delete', path: '/api-keys/:id', operationId: 'revokeApiKey', summary: 'Revoke an API key; requests with it get 401 from now on', tag,
    permission: 'api_keys:manage', params: idParam,
    responses: { 204: { description: 'Revoked' } },
    handler: async ({ params }, { db, actor }) => {
      await revokeApiKey(db, actor, params.id);
      return {};
    },
  }),
];
