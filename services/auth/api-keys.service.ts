import { LanternError, notFound, validationError, type FieldError } from '../../core/errors';
import { effectivePermissions, PLUGIN_GRANTABLE, ROLE_PERMISSIONS, type Permission, type WorkerRole } from '../../core/permissions';
import type { Actor, Principal } from '../../core/principal';
import type { ApiKeyView, CreateApiKeyInput, ListApiKeysQuery } from '../../core/schemas/api-key.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { keysetPage, type Page } from '../keyset';
import { assertReferencesExist } from '../reference-check';
import { lockRow } from '../row-lock';
import { newApiKey } from './tokens';

type ApiKeyRow = {
  id: number;
  name: string;
  prefix: string;
  role: ApiKeyView['role'];
  worker_id: number | null;
  scopes: string[];
  created_by: number | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

// Never `secret_hash`: the stored hash is not shown even to admins.
const COLUMNS = ['id', 'name', 'prefix', 'role', 'worker_id', 'scopes', 'created_by', 'created_at', 'last_used_at', 'revoked_at'];
const ENTITY = 'api_key';

export function apiKeyView(r: ApiKeyRow): ApiKeyView {
  return {
    id: r.id, name: r.name, prefix: r.prefix, role: r.role, workerId: r.worker_id, scopes: r.scopes, createdBy: r.created_by,
    createdAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}

export async function listApiKeys(db: Queryable, query: ListApiKeysQuery): Promise<Page<ApiKeyView>> {
  const q = db('api_keys').select(COLUMNS);
  if (query.workerId !== undefined) q.where('worker_id', query.workerId);
  if (query.role) q.where('role', query.role);
  if (query.revoked === true) q.whereNotNull('revoked_at');
  else if (query.revoked === undefined || query.revoked === false) q.whereNull('revoked_at');
  const page = await keysetPage<ApiKeyRow>(q, { column: 'api_keys.id', idColumn: 'api_keys.id', value: 'id' }, query);
  return { rows: page.rows.map(apiKeyView), nextCursor: page.nextCursor };
}

export async function getApiKey(db: Queryable, id: number): Promise<ApiKeyView> {
  const row = (await db('api_keys').where({ id }).first(COLUMNS)) as ApiKeyRow | undefined;
  if (!row) throw notFound('API key', id);
  return apiKeyView(row);
}

/** Scopes outside what the key's holder can have are field errors, one per offending scope. */
function scopeErrors(scopes: readonly Permission[], allowed: ReadonlySet<Permission>, why: string): FieldError[] {
  return scopes.flatMap((s, i) => (allowed.has(s) ? [] : [{ path: `scopes.${i}`, message: `${s} ${why}` }]));
}

/**
 * Create a key and return its secret once; only the SHA-256 of the secret is stored.
 * A key never grants more than its creator holds right now, so a narrowly scoped admin key cannot mint a broader one.
 */
export async function createApiKey(
  db: Queryable, p: Principal, actor: Actor, input: CreateApiKeyInput,
): Promise<{ view: ApiKeyView; key: string }> {
  return db.transaction(async (trx) => {
    const requested = input.scopes ?? [];
    // Stored canonical (unique, sorted); errors above point at the client's own indices.
    const scopes = [...new Set(requested)].sort();
    let role: ApiKeyRow['role'];
    let workerId: number | null = null;
    let granted: ReadonlySet<Permission>;
    if (input.role === 'plugin') {
      if (input.workerId !== undefined) throw validationError('Plugin keys belong to no worker', [{ path: 'workerId', message: 'must be omitted for a plugin key' }]);
      if (requested.length === 0) throw validationError('A plugin key needs scopes', [{ path: 'scopes', message: 'give at least one scope; a plugin key can do nothing else' }]);
      const errors = scopeErrors(requested, PLUGIN_GRANTABLE, 'cannot be granted to a plugin');
      if (errors.length) throw validationError('Some scopes cannot be granted to a plugin', errors);
      role = 'plugin';
      granted = effectivePermissions('plugin', scopes);
    } else {
      if (input.workerId === undefined && p.kind !== 'worker') {
        throw validationError('Say which worker the key is for', [{ path: 'workerId', message: 'is required when the caller is not a worker' }]);
      }
      workerId = input.workerId ?? p.id;
      await assertReferencesExist(trx, [{ path: 'workerId', table: 'workers', id: workerId, where: { active: true } }]);
      const worker = (await trx('workers').where({ id: workerId }).first('role')) as { role: WorkerRole };
      const errors = scopeErrors(requested, ROLE_PERMISSIONS[worker.role], `is not granted to the worker's role (${worker.role})`);
      if (errors.length) throw validationError('Some scopes exceed what the worker may do', errors);
      role = worker.role;
      granted = effectivePermissions(worker.role, scopes);
    }
    const beyond = [...granted].filter((perm) => !p.permissions.has(perm));
    if (beyond.length) throw new LanternError('forbidden', `A key cannot grant more than you have; you lack ${beyond.sort().join(', ')}`);

    const secret = newApiKey();
    const [row] = (await trx('api_keys')
      .insert({
        name: input.name, prefix: secret.prefix, secret_hash: secret.secretHash, role, worker_id: workerId, scopes,
        created_by: p.kind === 'worker' ? p.id : null,
      })
      .returning(COLUMNS)) as ApiKeyRow[];
    const view = apiKeyView(row!);
    await recordAudit(trx, actor, { action: 'api_key.create', entityType: ENTITY, entityId: view.id, after: view });
    return { view, key: secret.key };
  });
}

/** Revoking is permanent and idempotent: the next request with the key gets 401. */
export async function revokeApiKey(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const row = await lockRow<ApiKeyRow>(trx, 'api_keys', id, 'API key');
    if (row.revoked_at) return;
    await revokeRows(trx, actor, [row]);
  });
}

/** Revoke every live key of a worker (deactivation), each with its own audit row. */
export async function revokeWorkerApiKeys(trx: Queryable, actor: Actor, workerId: number): Promise<number> {
  const rows = (await trx('api_keys').where({ worker_id: workerId }).whereNull('revoked_at').forUpdate().select(COLUMNS)) as ApiKeyRow[];
  await revokeRows(trx, actor, rows);
  return rows.length;
}

async function revokeRows(trx: Queryable, actor: Actor, rows: ApiKeyRow[]): Promise<void> {
  for (const before of rows) {
    const [after] = (await trx('api_keys').where({ id: before.id }).update({ revoked_at: trx.fn.now() }).returning(COLUMNS)) as ApiKeyRow[];
    await recordAudit(trx, actor, { action: 'api_key.revoke', entityType: ENTITY, entityId: before.id, before: apiKeyView(before), after: apiKeyView(after!) });
  }
}
