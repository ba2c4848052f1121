import { createHash } from 'node:crypto';
import type Koa from 'koa';
import { LanternError } from '../../core/errors';
import type { Principal } from '../../core/principal';
import type { Db } from '../../db/knex';
import type { Reply } from './route';

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Run a create at most once per (caller, Idempotency-Key). The key row is inserted in the same
 * transaction as the create: a concurrent retry blocks on it, then replays the stored response.
 */
export async function withIdempotency(
  ctx: Koa.Context, db: Db, run: (db: Db) => Promise<Reply>,
): Promise<Reply> {
  const key = ctx.get('Idempotency-Key');
  if (!key) return run(db);
  if (!KEY.test(key)) {
    throw new LanternError('validation', 'Invalid Idempotency-Key', { fields: [{ path: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }] });
  }
  const p = ctx.state.principal as Principal;
  const principal = `${p.kind}:${p.id}`;
  const requestHash = createHash('sha256').update(`${ctx.method} ${ctx.path}\n${JSON.stringify(ctx.request.body ?? null)}`).digest('hex');
  return db.transaction(async (trx) => {
    const inserted = await trx('idempotency_keys')
      .insert({ principal, key, method: ctx.method, path: ctx.path, request_hash: requestHash })
      .onConflict(['principal', 'key'])
      .ignore()
      .returning('key');
    if (inserted.length === 0) {
      const stored = await trx('idempotency_keys').where({ principal, key }).first();
      if (stored.request_hash !== requestHash) {
        throw new LanternError('idempotency_mismatch', 'This Idempotency-Key was already used for a different request; use a new key');
      }
      return { status: stored.status_code, body: stored.response_body, headers: { 'Idempotent-Replayed': 'true' } };
    }
    const reply = await run(trx as unknown as Db);
    await trx('idempotency_keys').where({ principal, key }).update({ status_code: reply.status ?? 200, response_body: JSON.stringify(reply.body ?? null) });
    return reply;
  });
}
