import { effectivePermissions, type WorkerRole } from '../../core/permissions';
import type { Principal } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { hashMatches, parseApiKey, sha256 } from './tokens';

// Touch last_seen/last_used at most once a minute per credential: keeps reads cheap on hot paths.
const TOUCH_INTERVAL = "interval '1 minute'";

async function workerPrincipal(db: Queryable, workerId: number, via: 'session' | 'api_key', viaId: number, scopes: string[] | null): Promise<Principal | null> {
  const worker = await db('workers').where({ id: workerId, active: true }).first('id', 'role', 'all_tickets');
  if (!worker) return null;
  const teams = await db('team_members').where({ worker_id: workerId }).pluck('team_id');
  return {
    kind: 'worker',
    id: worker.id,
    role: worker.role as WorkerRole,
    allTickets: worker.all_tickets,
    teamIds: teams as number[],
    permissions: effectivePermissions(worker.role, scopes),
    via,
    viaId,
  };
}

export async function principalFromSession(db: Queryable, token: string): Promise<Principal | null> {
  const session = await db('sessions')
    .where({ token_hash: sha256(token) })
    .whereNull('revoked_at')
    .where('expires_at', '>', db.fn.now())
    .first('id', 'principal_type', 'principal_id');
  if (!session) return null;
  await db('sessions').where({ id: session.id }).where('last_seen_at', '<', db.raw(`now() - ${TOUCH_INTERVAL}`)).update({ last_seen_at: db.fn.now() });
  if (session.principal_type === 'worker') return workerPrincipal(db, session.principal_id, 'session', session.id, null);
  const customer = await db('customers').where({ id: session.principal_id }).first('id', 'organization_id');
  if (!customer) return null;
  return {
    kind: 'customer',
    id: customer.id,
    organizationId: customer.organization_id,
    permissions: effectivePermissions('customer', null),
    via: 'session',
    viaId: session.id,
  };
}

export async function principalFromApiKey(db: Queryable, raw: string): Promise<Principal | null> {
  const parsed = parseApiKey(raw);
  if (!parsed) return null;
  const key = await db('api_keys').where({ prefix: parsed.prefix }).whereNull('revoked_at').first();
  if (!key || !hashMatches(parsed.secret, key.secret_hash)) return null;
  await db('api_keys').where({ id: key.id }).where((w) => w.whereNull('last_used_at').orWhere('last_used_at', '<', db.raw(`now() - ${TOUCH_INTERVAL}`))).update({ last_used_at: db.fn.now() });
  if (key.role === 'plugin') return { kind: 'plugin', id: key.id, permissions: effectivePermissions('plugin', key.scopes), via: 'api_key', viaId: key.id };
  if (!key.worker_id) return null;
  return workerPrincipal(db, key.worker_id, 'api_key', key.id, key.scopes);
}
