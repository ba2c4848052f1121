import { z } from 'zod';
import { PERMISSIONS } from '../permissions';
import { bodyId, cursor, id, limit } from './common.schema';
import { queryBool } from './query.schema';

export const API_KEY_ROLES = ['admin', 'supervisor', 'agent', 'plugin'] as const;

/**
 * A worker key (for `workerId`, default the caller) acts as that worker, narrowed to `scopes` when given;
 * a plugin key (`role: "plugin"`) has exactly its scopes, which must be plugin-grantable.
 */
export const createApiKeyInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: z.literal('plugin').optional(),
  workerId: bodyId.optional(),
  scopes: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length * 2).optional(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;

export const listApiKeysQuery = z.strictObject({
  workerId: id.optional(),
  role: z.enum(API_KEY_ROLES).optional(),
  /** Revoked keys are listed only when asked for. */
  revoked: queryBool.optional(),
  limit,
  cursor,
});
export type ListApiKeysQuery = z.infer<typeof listApiKeysQuery>;

export const apiKeyResponse = z.object({
  id: z.number(),
  name: z.string(),
  /** The public part of the key (`lk_<prefix>_...`), to recognise it; the secret is never shown again. */
  prefix: z.string(),
  role: z.enum(API_KEY_ROLES),
  workerId: z.number().nullable(),
  scopes: z.array(z.string()),
  createdBy: z.number().nullable(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyResponse>;

export const createdApiKeyResponse = apiKeyResponse.extend({ key: z.string() });
