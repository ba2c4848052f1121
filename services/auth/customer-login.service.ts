import { LanternError } from '../../core/errors';
import type { Queryable } from '../../db/knex';
import { verifyPassword } from './passwords';
import { openSession, type OpenedSession } from './sessions.service';

/*
 * Customer sign-in with a lockout (docs/portal.md): five wrong passwords for one email within 15 minutes lock
 * that email until the oldest of those five is 15 minutes old. Failures are counted per email typed, existing
 * or not, so the lockout answers the same for unknown addresses and tells nobody which accounts exist.
 */
export const LOCKOUT_MAX_FAILURES = 5;
export const LOCKOUT_WINDOW_MINUTES = 15;

/** Seconds until the email may try again, or null when it is not locked. */
export async function lockoutRemaining(db: Queryable, email: string): Promise<number | null> {
  const { rows } = await db.raw<{ rows: { n: number; retry: number | null }[] }>(
    `SELECT count(*)::int AS n, ceil(extract(epoch FROM min(created_at) + make_interval(mins => ?) - now()))::int AS retry
       FROM (SELECT created_at FROM customer_login_failures
              WHERE email = ? AND created_at > now() - make_interval(mins => ?)
              ORDER BY created_at DESC LIMIT ?) recent`,
    [LOCKOUT_WINDOW_MINUTES, email, LOCKOUT_WINDOW_MINUTES, LOCKOUT_MAX_FAILURES],
  );
  const row = rows[0];
  if (!row || row.n < LOCKOUT_MAX_FAILURES) return null;
  return Math.max(1, row.retry ?? 1);
}

export const accountLocked = (retryAfterSeconds: number) => new LanternError(
  'rate_limited', 'Too many wrong passwords for this account; wait before trying again, or sign in with a magic link',
  { retryAfterSeconds, extensions: { code: 'account_locked', retryAfterSeconds } },
);

export const emailNotVerified = () => new LanternError('forbidden', 'Confirm your email address first: follow the link in the email we sent you', {
  extensions: { code: 'email_not_verified' },
});

/**
 * A self-registration not verified yet has no password on the customer: the password lives in the pending
 * verification token. Knowing it earns the 403 email_not_verified hint (and no failure), nobody else learns anything.
 */
async function matchesPendingRegistration(db: Queryable, email: string, password: string): Promise<boolean> {
  const pending = await db('customer_account_tokens')
    .where({ email, purpose: 'verify' }).whereNull('used_at').where('expires_at', '>', db.fn.now())
    .orderBy('id', 'desc').limit(3).select<{ pending: { passwordHash?: string } }[]>('pending');
  for (const p of pending) if (p.pending.passwordHash && (await verifyPassword(p.pending.passwordHash, password))) return true;
  return false;
}

export async function signInCustomer(
  db: Queryable, input: { email: string; password: string; ip?: string | undefined; userAgent?: string | undefined }, ttlHours: number,
): Promise<OpenedSession> {
  const locked = await lockoutRemaining(db, input.email);
  if (locked !== null) throw accountLocked(locked);
  const account = await db('customers').where({ email: input.email }).first<{ id: number; password_hash: string | null } | undefined>('id', 'password_hash');
  if (await verifyPassword(account?.password_hash, input.password)) {
    await db('customer_login_failures').where({ email: input.email }).delete();
    return openSession(db, { kind: 'customer', principalId: account!.id, ip: input.ip, userAgent: input.userAgent }, ttlHours);
  }
  if (!account?.password_hash && (await matchesPendingRegistration(db, input.email, input.password))) throw emailNotVerified();
  await db('customer_login_failures').insert({ email: input.email, ip: input.ip ?? null });
  // Rows out of the window count for nothing: drop this email's, so the table stays small without a sweeper.
  await db('customer_login_failures').where({ email: input.email }).where('created_at', '<', db.raw('now() - make_interval(mins => ?)', [LOCKOUT_WINDOW_MINUTES])).delete();
  throw new LanternError('unauthenticated', 'Email or password is wrong');
}

/** A proven owner of the email (password reset) starts with a clean slate. */
export async function clearLoginFailures(db: Queryable, email: string): Promise<void> {
  await db('customer_login_failures').where({ email }).delete();
}
