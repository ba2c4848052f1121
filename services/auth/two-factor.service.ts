import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { LanternError, forbidden, validationError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { isTwoFactorRequired } from '../settings/security-settings.service';
import { verifyPassword } from './passwords';
import { decryptSecret, encryptSecret } from './two-factor-secret';
import { sha256 } from './tokens';

/*
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step for clock drift) for workers, plus ten one-time recovery codes.
 * Recovery codes carry 80 random bits, so a fast hash (SHA-256) stores them safely: nobody can enumerate 2^80
 * candidates, and unlike passwords they are never chosen by people. Argon2 would only add latency.
 */

const ISSUER = 'Lantern';
const RECOVERY_CODES = 10;
// Crockford's base32 (no i, l, o, u): 32 symbols, so `byte % 32` is unbiased and each character carries 5 bits.
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const RECOVERY_LENGTH = 16;

export type SecondFactor = 'totp' | 'recovery_code';
type TwoFactorRow = { worker_id: number; secret_encrypted: string; enabled_at: Date | null; last_used_step: string | number | null };

const totpFor = (secret: string, label = 'worker') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

const isTotpShape = (code: string) => /^\d{6}$/.test(code.replace(/\s/g, ''));
const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

function newRecoveryCode(): string {
  const bytes = randomBytes(RECOVERY_LENGTH);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % 32]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

async function row(db: Queryable, workerId: number, opts: { forUpdate?: boolean } = {}): Promise<TwoFactorRow | undefined> {
  const q = db('worker_two_factor').where({ worker_id: workerId }).first<TwoFactorRow | undefined>();
  if (opts.forUpdate) q.forUpdate();
  return q;
}

export async function hasTwoFactor(db: Queryable, workerId: number): Promise<boolean> {
  const r = await row(db, workerId);
  return Boolean(r?.enabled_at);
}

export async function twoFactorStatus(db: Queryable, workerId: number): Promise<{ enabled: boolean; enforced: boolean; recoveryCodesLeft: number }> {
  const [r, enforced, left] = await Promise.all([
    row(db, workerId),
    isTwoFactorRequired(db),
    db('worker_recovery_codes').where({ worker_id: workerId }).whereNull('used_at').count<{ count: string }[]>('* as count'),
  ]);
  const enabled = Boolean(r?.enabled_at);
  return { enabled, enforced, recoveryCodesLeft: enabled ? Number(left[0]?.count ?? 0) : 0 };
}

/** A new pending secret (replacing an unconfirmed one); it only counts once confirmed with a code. */
export async function setupTwoFactor(
  db: Queryable, actor: Actor, worker: { id: number; email: string }, secretKey: string,
): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
  const secret = new Secret({ size: 20 }).base32;
  await db.transaction(async (trx) => {
    const existing = await row(trx, worker.id, { forUpdate: true });
    if (existing?.enabled_at) throw new LanternError('conflict', 'Two-factor authentication is already on; turn it off first to set up a new device');
    await trx('worker_two_factor')
      .insert({ worker_id: worker.id, secret_encrypted: encryptSecret(secretKey, secret), enabled_at: null, last_used_step: null })
      .onConflict('worker_id').merge(['secret_encrypted', 'enabled_at', 'last_used_step', 'updated_at']);
    await recordAudit(trx, actor, { action: 'worker.two_factor_setup', entityType: 'worker', entityId: worker.id });
  });
  const otpauthUrl = totpFor(secret, worker.email).toString();
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { secret, otpauthUrl, qrSvg };
}

/**
 * Accept a TOTP code at most once: the time step it belongs to must be newer than the last one accepted
 * (compare-and-set in SQL, so two concurrent uses of one code cannot both pass).
 */
async function acceptTotp(trx: Queryable, r: TwoFactorRow, code: string, secretKey: string): Promise<boolean> {
  const secret = decryptSecret(secretKey, r.secret_encrypted);
  if (!secret) return false;
  const totp = totpFor(secret);
  const now = Date.now();
  const delta = totp.validate({ token: code.replace(/\s/g, ''), timestamp: now, window: 1 });
  if (delta === null) return false;
  const step = totp.counter({ timestamp: now }) + delta;
  const updated = await trx('worker_two_factor')
    .where({ worker_id: r.worker_id })
    .where((w) => w.whereNull('last_used_step').orWhere('last_used_step', '<', step))
    .update({ last_used_step: step, updated_at: trx.fn.now() });
  return updated === 1;
}

async function acceptRecoveryCode(trx: Queryable, workerId: number, code: string): Promise<boolean> {
  const normalized = normalizeRecoveryCode(code);
  if (normalized.length !== RECOVERY_LENGTH) return false;
  const used = await trx('worker_recovery_codes')
    .where({ worker_id: workerId, code_hash: sha256(normalized) })
    .whereNull('used_at')
    .update({ used_at: trx.fn.now() });
  return used === 1;
}

/** Check (and use up) a TOTP or recovery code of a worker with 2FA on; null when it is not accepted. */
export async function consumeSecondFactor(trx: Queryable, workerId: number, code: string, secretKey: string): Promise<SecondFactor | null> {
  const r = await row(trx, workerId, { forUpdate: true });
  if (!r?.enabled_at) return null;
  if (isTotpShape(code)) return (await acceptTotp(trx, r, code, secretKey)) ? 'totp' : null;
  return (await acceptRecoveryCode(trx, workerId, code)) ? 'recovery_code' : null;
}

/**
 * Confirm the pending secret with a first code: 2FA is on, ten recovery codes are returned once (only their
 * hashes are kept) and the worker's other sessions end, since they were opened with the password alone.
 */
export async function enableTwoFactor(
  db: Queryable, actor: Actor, workerId: number, code: string, secretKey: string,
): Promise<{ recoveryCodes: string[] }> {
  return db.transaction(async (trx) => {
    const r = await row(trx, workerId, { forUpdate: true });
    if (!r) throw new LanternError('conflict', 'Start with POST /me/2fa/setup, then confirm with a code from your app');
    if (r.enabled_at) throw new LanternError('conflict', 'Two-factor authentication is already on');
    if (!isTotpShape(code) || !(await acceptTotp(trx, r, code, secretKey))) {
      throw validationError('The code is wrong or expired', [{ path: 'code', message: 'is not the current code of your authenticator app' }]);
    }
    await trx('worker_two_factor').where({ worker_id: workerId }).update({ enabled_at: trx.fn.now(), updated_at: trx.fn.now() });
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await trx('worker_recovery_codes').where({ worker_id: workerId }).delete();
    await trx('worker_recovery_codes').insert(recoveryCodes.map((c) => ({ worker_id: workerId, code_hash: sha256(normalizeRecoveryCode(c)) })));
    await trx('sessions').where({ principal_type: 'worker', principal_id: workerId }).whereNot('id', actor.via === 'session' ? (actor.viaId ?? -1) : -1)
      .whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
    await recordAudit(trx, actor, { action: 'worker.two_factor_enable', entityType: 'worker', entityId: workerId, after: { twoFactor: true, recoveryCodes: RECOVERY_CODES } });
    return { recoveryCodes };
  });
}

/**
 * An admin clears another worker's 2FA (lost device and recovery codes): the worker signs in with the password
 * again and, if the workspace enforces 2FA, is gated until they set it up anew. Idempotent. Not for oneself:
 * that is POST /me/2fa/disable, which needs the password and a code.
 */
export async function resetTwoFactor(db: Queryable, actor: Actor, workerId: number): Promise<void> {
  if (actor.type === 'worker' && actor.id === workerId) throw new LanternError('conflict', 'Turn off your own 2FA with POST /me/2fa/disable');
  await db.transaction(async (trx) => {
    const worker = await trx('workers').where({ id: workerId }).forUpdate().first('id');
    if (!worker) throw new LanternError('not_found', `Worker ${workerId} does not exist`);
    const removed = await trx('worker_two_factor').where({ worker_id: workerId }).delete();
    await trx('worker_recovery_codes').where({ worker_id: workerId }).delete();
    if (removed) await recordAudit(trx, actor, { action: 'worker.two_factor_reset', entityType: 'worker', entityId: workerId, before: { twoFactor: true }, after: { twoFactor: false } });
  });
}

/** Turn 2FA off with the password and a current code (or a recovery code); refused while the workspace enforces it. */
export async function disableTwoFactor(
  db: Queryable, actor: Actor, workerId: number, input: { password: string; code: string }, secretKey: string,
): Promise<void> {
  await db.transaction(async (trx) => {
    if (await isTwoFactorRequired(trx)) throw forbidden('Your workspace requires two-factor authentication; it cannot be turned off');
    const r = await row(trx, workerId, { forUpdate: true });
    if (!r?.enabled_at) throw new LanternError('conflict', 'Two-factor authentication is not on');
    const account = await trx('workers').where({ id: workerId }).first('password_hash');
    if (!(await verifyPassword(account?.password_hash, input.password))) {
      throw validationError('The password is wrong', [{ path: 'password', message: 'is wrong' }]);
    }
    if (!(await consumeSecondFactor(trx, workerId, input.code, secretKey))) {
      throw validationError('The code is wrong or expired', [{ path: 'code', message: 'is not a current code or an unused recovery code' }]);
    }
    await trx('worker_recovery_codes').where({ worker_id: workerId }).delete();
    await trx('worker_two_factor').where({ worker_id: workerId }).delete();
    await recordAudit(trx, actor, { action: 'worker.two_factor_disable', entityType: 'worker', entityId: workerId, before: { twoFactor: true }, after: { twoFactor: false } });
  });
}
