import type { Principal } from '../core/principal';
import type { Db } from '../db/knex';
import { principalFromApiKey, principalFromSession } from '../services/auth/principal.service';
import { newApiKey } from '../services/auth/tokens';
import { sessionFor } from '../test/helpers/app';

/** A real Principal, resolved by the same service the gateway uses from a freshly inserted session. */
export async function sessionPrincipal(db: Db, type: 'worker' | 'customer', id: number): Promise<{ token: string; principal: Principal }> {
  const token = await sessionFor(db, type, id);
  const principal = await principalFromSession(db, token);
  if (!principal) throw new Error(`session for ${type} ${id} did not resolve to a principal`);
  return { token, principal };
}

/** A worker's personal API key (inserted like the key-management service would), checked by resolving it. */
export async function workerApiKey(db: Db, workerId: number, role: 'admin' | 'supervisor' | 'agent'): Promise<string> {
  const k = newApiKey();
  await db('api_keys').insert({ name: `bench ${workerId}`, prefix: k.prefix, secret_hash: k.secretHash, role, worker_id: workerId, scopes: [] });
  if (!(await principalFromApiKey(db, k.key))) throw new Error(`API key for worker ${workerId} did not resolve to a principal`);
  return k.key;
}
