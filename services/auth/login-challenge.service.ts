import { randomBytes } from 'node:crypto';
import { LanternError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { openSession, verifyLogin, type LoginInput, type OpenedSession } from './sessions.service';
import { sha256 } from './tokens';
import { consumeSecondFactor, hasTwoFactor } from './two-factor.service';

/*
 * Second step of a worker's sign-in with 2FA: the password step hands out a challenge (random, stored hashed),
 * the code step redeems it for a session. Five minutes, single use, dead after five wrong codes.
 */
export const CHALLENGE_TTL_MS = 5 * 60_000;
export const MAX_FAILED_CODES = 5;
/**
 * Across challenges: someone holding the password could otherwise open challenge after challenge and guess on.
 * Ten wrong codes within 15 minutes pause that worker's second step (429) until the window passes.
 */
export const MAX_FAILED_PER_WORKER = 10;
const FAILURE_WINDOW = '15 minutes';

async function recentFailures(db: Queryable, workerId: number): Promise<number> {
  const [row] = await db('login_challenges').where({ worker_id: workerId })
    .where('created_at', '>', db.raw(`now() - interval '${FAILURE_WINDOW}'`))
    .sum<{ n: string | null }[]>('failed_attempts as n');
  return Number(row?.n ?? 0);
}

const tooManyFailures = () => new LanternError('rate_limited', 'Too many wrong codes for this account; wait 15 minutes and sign in again', {
  retryAfterSeconds: 15 * 60, extensions: { code: 'two_factor_locked' },
});

type ChallengeRow = { id: number; worker_id: number; failed_attempts: number; ip: string | null; user_agent: string | null };

export async function createLoginChallenge(
  db: Queryable, input: { workerId: number; ip?: string | undefined; userAgent?: string | undefined },
): Promise<{ challenge: string; expiresAt: Date }> {
  if ((await recentFailures(db, input.workerId)) >= MAX_FAILED_PER_WORKER) throw tooManyFailures();
  const challenge = `lc_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + CHALLENGE_TTL_MS);
  await db('login_challenges').insert({
    token_hash: sha256(challenge), worker_id: input.workerId, ip: input.ip ?? null, user_agent: input.userAgent?.slice(0, 500) ?? null, expires_at: expiresAt,
  });
  return { challenge, expiresAt };
}

export type SignInStart = { session: OpenedSession } | { challenge: string; expiresAt: Date };

/**
 * First sign-in step: the password. Accounts without 2FA get their session; workers with 2FA get a challenge and
 * no session yet.
 */
export async function beginSignIn(
  db: Queryable, input: LoginInput & { ip?: string | undefined; userAgent?: string | undefined }, ttlHours: number,
): Promise<SignInStart> {
  const principalId = await verifyLogin(db, input);
  if (input.kind === 'worker' && (await hasTwoFactor(db, principalId))) {
    return createLoginChallenge(db, { workerId: principalId, ip: input.ip, userAgent: input.userAgent });
  }
  return { session: await openSession(db, { kind: input.kind, principalId, ip: input.ip, userAgent: input.userAgent }, ttlHours) };
}

const invalidChallenge = () => new LanternError('unauthenticated', 'This sign-in attempt expired or was already used; sign in with your password again', {
  extensions: { code: 'two_factor_challenge_invalid' },
});

/**
 * Redeem a challenge with a TOTP or recovery code. A wrong code is counted in its own committed transaction
 * (the error is thrown after commit), so failed attempts add up even though the request fails.
 */
export async function completeLoginChallenge(
  db: Queryable,
  input: { challenge: string; code: string; ip?: string | undefined; userAgent?: string | undefined },
  opts: { secretKey: string; ttlHours: number },
): Promise<OpenedSession> {
  const outcome = await db.transaction(async (trx) => {
    const row = await trx('login_challenges as c')
      .join('workers as w', 'w.id', 'c.worker_id')
      .where('c.token_hash', sha256(input.challenge))
      .whereNull('c.consumed_at')
      .where('c.expires_at', '>', trx.fn.now())
      .where('c.failed_attempts', '<', MAX_FAILED_CODES)
      .where('w.active', true)
      .forUpdate('c')
      .first<ChallengeRow | undefined>('c.id', 'c.worker_id', 'c.failed_attempts', 'c.ip', 'c.user_agent');
    if (!row) return { ok: false as const, attemptsLeft: null };
    if ((await recentFailures(trx, row.worker_id)) >= MAX_FAILED_PER_WORKER) return { ok: false as const, attemptsLeft: null, locked: true };
    const factor = await consumeSecondFactor(trx, row.worker_id, input.code, opts.secretKey);
    if (!factor) {
      const failed = row.failed_attempts + 1;
      await trx('login_challenges').where({ id: row.id })
        .update({ failed_attempts: failed, ...(failed >= MAX_FAILED_CODES && { consumed_at: trx.fn.now() }) });
      return { ok: false as const, attemptsLeft: MAX_FAILED_CODES - failed };
    }
    await trx('login_challenges').where({ id: row.id }).update({ consumed_at: trx.fn.now() });
    const session = await openSession(trx, {
      kind: 'worker', principalId: row.worker_id, ip: input.ip ?? row.ip ?? undefined, userAgent: input.userAgent ?? row.user_agent ?? undefined, secondFactor: factor,
    }, opts.ttlHours);
    if (factor === 'recovery_code') {
      const actor: Actor = { type: 'worker', id: row.worker_id, via: 'session', viaId: null, ...(input.ip && { ip: input.ip }) };
      await recordAudit(trx, actor, { action: 'worker.recovery_code_use', entityType: 'worker', entityId: row.worker_id });
    }
    return { ok: true as const, session };
  });
  if (outcome.ok) return outcome.session;
  if ('locked' in outcome) throw tooManyFailures();
  if (outcome.attemptsLeft === null || outcome.attemptsLeft <= 0) throw invalidChallenge();
  throw new LanternError('unauthenticated', `The code is wrong; ${outcome.attemptsLeft} attempt${outcome.attemptsLeft === 1 ? '' : 's'} left`, {
    extensions: { code: 'two_factor_code_invalid', attemptsLeft: outcome.attemptsLeft },
  });
}
