import { LanternError } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { lockRow } from '../row-lock';

type SecurityRow = { id: number; require_two_factor: boolean; updated_at: Date; version: number };
export type SecuritySettings = { requireTwoFactor: boolean; updatedAt: string; version: number };

const view = (r: SecurityRow): SecuritySettings => ({ requireTwoFactor: r.require_two_factor, updatedAt: r.updated_at.toISOString(), version: r.version });

export async function getSecuritySettings(db: Queryable): Promise<SecuritySettings> {
  const row = await db('security_settings').where({ id: 1 }).first<SecurityRow | undefined>();
  if (!row) throw new Error('security_settings has no row; run the migrations');
  return view(row);
}

export async function isTwoFactorRequired(db: Queryable): Promise<boolean> {
  const row = await db('security_settings').where({ id: 1 }).first<{ require_two_factor: boolean } | undefined>('require_two_factor');
  return row?.require_two_factor ?? false;
}

/**
 * Turn workspace-wide 2FA enforcement on or off. An admin signed in without 2FA cannot turn it on: they would
 * gate themselves out of the settings they just changed, so they set up their own 2FA first.
 */
export async function updateSecuritySettings(
  db: Queryable, p: Principal, actor: Actor, input: { requireTwoFactor: boolean }, expectedVersion: number | undefined,
): Promise<SecuritySettings> {
  return db.transaction(async (trx) => {
    const before = await lockRow<SecurityRow>(trx, 'security_settings', 1, 'Security settings', expectedVersion);
    if (input.requireTwoFactor && !before.require_two_factor && p.kind === 'worker' && p.via === 'session') {
      const own = await trx('worker_two_factor').where({ worker_id: p.id }).whereNotNull('enabled_at').first('worker_id');
      if (!own) throw new LanternError('conflict', 'Set up two-factor authentication for your own account before requiring it for everyone');
    }
    if (input.requireTwoFactor === before.require_two_factor) return view(before);
    const [after] = await trx('security_settings').where({ id: 1 })
      .update({ require_two_factor: input.requireTwoFactor, updated_at: trx.fn.now(), version: trx.raw('version + 1') })
      .returning<SecurityRow[]>('*');
    await recordAudit(trx, actor, { action: 'security_settings.update', entityType: 'security_settings', entityId: 1, before: view(before), after: view(after!) });
    return view(after!);
  });
}
