import { LanternError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { hashPassword, verifyPassword } from './passwords';
import { newSessionToken } from './tokens';

export type LoginInput = { email: string; password: string; kind: 'worker' | 'customer' };

export type OpenedSession = { token: string; expiresAt: Date; principalId: number };

/** The account behind an email and password; the same error for unknown email and wrong password. */
export async function verifyLogin(db: Queryable, input: Pick<LoginInput, 'email' | 'password' | 'kind'>): Promise<number> {
  const table = input.kind === 'worker' ? 'workers' : 'customers';
  const account = await db(table)
    .where({ email: input.email })
    .modify((q) => { if (input.kind === 'worker') q.where({ active: true }); })
    .first('id', 'password_hash');
  const ok = await verifyPassword(account?.password_hash, input.password);
  if (!account || !ok) throw new LanternError('unauthenticated', 'Email or password is wrong');
  return account.id as number;
}

/**
 * Open a session for an account whose password (and, for workers with 2FA, second factor) was checked;
 * `secondFactor` records how 2FA was passed. Callers: the login routes, services/auth/login-challenge.service.ts.
 */
export async function openSession(
  db: Queryable,
  input: { kind: 'worker' | 'customer'; principalId: number; ip?: string | undefined; userAgent?: string | undefined; secondFactor?: 'totp' | 'recovery_code' },
  ttlHours: number,
): Promise<OpenedSession> {
  const { token, hash } = newSessionToken();
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  const [session] = await db('sessions')
    .insert({ token_hash: hash, principal_type: input.kind, principal_id: input.principalId, ip: input.ip ?? null, user_agent: input.userAgent?.slice(0, 500) ?? null, expires_at: expiresAt })
    .returning('id');
  const actor: Actor = { type: input.kind, id: input.principalId, via: 'session', viaId: session.id, ...(input.ip && { ip: input.ip }) };
  await recordAudit(db, actor, {
    action: 'session.create', entityType: 'session', entityId: session.id,
    after: { principalType: input.kind, principalId: input.principalId, ...(input.secondFactor && { secondFactor: input.secondFactor }) },
  });
  return { token, expiresAt, principalId: input.principalId };
}

export async function revokeSession(db: Queryable, actor: Actor, sessionId: number, owner: { type: string; id: number }): Promise<void> {
  const count = await db('sessions')
    .where({ id: sessionId, principal_type: owner.type, principal_id: owner.id })
    .whereNull('revoked_at')
    .update({ revoked_at: db.fn.now() });
  if (!count) throw new LanternError('not_found', `Session ${sessionId} does not exist`);
  await recordAudit(db, actor, { action: 'session.revoke', entityType: 'session', entityId: sessionId });
}

export async function listSessions(db: Queryable, owner: { type: string; id: number }) {
  const rows = await db('sessions')
    .where({ principal_type: owner.type, principal_id: owner.id })
    .whereNull('revoked_at')
    .where('expires_at', '>', db.fn.now())
    .orderBy('id', 'desc')
    .select('id', 'ip', 'user_agent', 'created_at', 'last_seen_at', 'expires_at');
  return rows.map((r) => ({ id: r.id, ip: r.ip, userAgent: r.user_agent, createdAt: r.created_at.toISOString(), lastSeenAt: r.last_seen_at.toISOString(), expiresAt: r.expires_at.toISOString() }));
}

export async function changePassword(
  db: Queryable, actor: Actor, owner: { type: 'worker' | 'customer'; id: number }, current: string, next: string,
): Promise<void> {
  const table = owner.type === 'worker' ? 'workers' : 'customers';
  const account = await db(table).where({ id: owner.id }).first('password_hash');
  if (!(await verifyPassword(account?.password_hash, current))) {
    throw new LanternError('validation', 'The current password is wrong', { fields: [{ path: 'currentPassword', message: 'is wrong' }] });
  }
  await db(table).where({ id: owner.id }).update({ password_hash: await hashPassword(next), updated_at: db.fn.now() });
  // Other sessions end: a changed password must lock out whoever else had it.
  await db('sessions').where({ principal_type: owner.type, principal_id: owner.id }).whereNot('id', actor.viaId ?? -1).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
  await recordAudit(db, actor, { action: `${owner.type}.password_change`, entityType: owner.type, entityId: owner.id });
}
