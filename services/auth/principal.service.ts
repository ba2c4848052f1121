import { effectivePermissions, type WorkerRole } from '../../core/permissions';
import type { Principal } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { parseApiKey, sha256 } from './tokens';

/*
 * Every request resolves its caller, so each credential is resolved in ONE statement: the lookup, the
 * worker or customer behind it with the worker's teams, and a last-seen touch at most once a minute
 * (a data-modifying CTE runs even though nothing reads it). Comparing SHA-256 digests in SQL leaks nothing
 * useful, since a caller cannot steer the digest of what they send.
 */

const TEAM_IDS = `(SELECT coalesce(array_agg(tm.team_id ORDER BY tm.team_id), '{}') FROM team_members tm WHERE tm.worker_id = w.id) AS team_ids`;

// Enforced by the admin (security_settings) and not enabled by this worker: the session is gated until it is.
const TWO_FACTOR_SETUP_REQUIRED = `(w.id IS NOT NULL AND (SELECT require_two_factor FROM security_settings WHERE id = 1)
  AND NOT EXISTS (SELECT 1 FROM worker_two_factor tf WHERE tf.worker_id = w.id AND tf.enabled_at IS NOT NULL)) AS two_factor_setup_required`;

type WorkerColumns = { worker_id: number | null; worker_role: WorkerRole | null; all_tickets: boolean | null; team_ids: number[] | null };

function workerPrincipal(row: WorkerColumns, via: 'session' | 'api_key', viaId: number, scopes: string[] | null): Extract<Principal, { kind: 'worker' }> | null {
  if (row.worker_id === null || row.worker_role === null) return null; // missing or deactivated
  return {
    kind: 'worker',
    id: row.worker_id,
    role: row.worker_role,
    allTickets: row.all_tickets ?? false,
    teamIds: row.team_ids ?? [],
    permissions: effectivePermissions(row.worker_role, scopes),
    via,
    viaId,
  };
}

export async function principalFromSession(db: Queryable, token: string): Promise<Principal | null> {
  const { rows } = await db.raw(
    `WITH s AS (
       SELECT id, principal_type, principal_id, last_seen_at FROM sessions
       WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > now()
     ), touch AS (
       UPDATE sessions SET last_seen_at = now() FROM s
       WHERE sessions.id = s.id AND s.last_seen_at < now() - interval '1 minute'
     )
     SELECT s.id AS session_id, s.principal_type, w.id AS worker_id, w.role AS worker_role, w.all_tickets, ${TEAM_IDS},
            ${TWO_FACTOR_SETUP_REQUIRED}, c.id AS customer_id, c.organization_id, coalesce(o.shared_tickets, false) AS shared_tickets
     FROM s
     LEFT JOIN workers w ON s.principal_type = 'worker' AND w.id = s.principal_id AND w.active
     LEFT JOIN customers c ON s.principal_type = 'customer' AND c.id = s.principal_id
     LEFT JOIN organizations o ON o.id = c.organization_id`,
    [sha256(token)],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.principal_type === 'worker') {
    const principal = workerPrincipal(row, 'session', row.session_id, null);
    return principal && row.two_factor_setup_required ? { ...principal, twoFactorSetupRequired: true } : principal;
  }
  if (row.customer_id === null) return null;
  return {
    kind: 'customer',
    id: row.customer_id,
    organizationId: row.organization_id,
    sharedTickets: row.shared_tickets === true,
    permissions: effectivePermissions('customer', null),
    via: 'session',
    viaId: row.session_id,
  };
}

export async function principalFromApiKey(db: Queryable, raw: string): Promise<Principal | null> {
  const parsed = parseApiKey(raw);
  if (!parsed) return null;
  const { rows } = await db.raw(
    `WITH k AS (
       SELECT id, role, worker_id, scopes, last_used_at FROM api_keys
       WHERE prefix = ? AND secret_hash = ? AND revoked_at IS NULL
     ), touch AS (
       UPDATE api_keys SET last_used_at = now() FROM k
       WHERE api_keys.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute')
     )
     SELECT k.id AS key_id, k.role AS key_role, k.scopes, w.id AS worker_id, w.role AS worker_role, w.all_tickets, ${TEAM_IDS}
     FROM k LEFT JOIN workers w ON w.id = k.worker_id AND w.active`,
    [parsed.prefix, sha256(parsed.secret)],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.key_role === 'plugin') return { kind: 'plugin', id: row.key_id, permissions: effectivePermissions('plugin', row.scopes), via: 'api_key', viaId: row.key_id };
  return workerPrincipal(row, 'api_key', row.key_id, row.scopes);
}
