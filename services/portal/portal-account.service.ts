import type { Config } from '../../config/config';
import { LanternError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { clearLoginFailures } from '../auth/customer-login.service';
import { hashPassword } from '../auth/passwords';
import { openSession, type OpenedSession } from '../auth/sessions.service';
import { enqueueEmailSend } from '../email/email.jobs';
import type { AccountEmailTemplate } from '../email/account-email-templates';
import { ACCOUNT_TOKEN_TTL_MS, newAccountToken, parseAccountToken, verifierMatches, type AccountTokenPurpose } from './account-token';

/*
 * Portal accounts (docs/portal.md): self-registration with email verification, password reset and magic links.
 * Every request route answers 202 whatever the email, so nobody learns which accounts exist; what happens is
 * decided here and told only to the mailbox. Emails go through outbound_messages and the email_send job
 * (durable, retried), in the same transaction as the token they carry.
 */

type Request = { ip?: string | undefined; userAgent?: string | undefined; requestId?: string | undefined };
type CustomerRow = { id: number; name: string; email: string; language: string; password_hash: string | null };
type TokenRow = {
  id: number; verifier_hash: string; purpose: AccountTokenPurpose; email: string; customer_id: number | null;
  pending: { name?: string; language?: string; passwordHash?: string }; expires_at: Date; used_at: Date | null;
};

/** At most this many live tokens per email and purpose: requests beyond it send nothing (no mailbox flooding). */
const MAX_LIVE_TOKENS = 3;

const PORTAL_PATH: Record<AccountTokenPurpose, string> = { verify: '/portal/verify', reset: '/portal/reset', magic: '/portal/magic' };

export function portalLink(config: Pick<Config, 'http'>, purpose: AccountTokenPurpose, token: string): string {
  const base = (config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}`).replace(/\/+$/, '');
  return `${base}${PORTAL_PATH[purpose]}?token=${encodeURIComponent(token)}`;
}

const anonymous = (r: Request): Actor => ({ type: 'system', id: null, via: 'system', viaId: null, ...(r.requestId && { requestId: r.requestId }), ...(r.ip && { ip: r.ip }) });
const customerActor = (id: number, r: Request): Actor => ({ type: 'customer', id, via: 'system', viaId: null, ...(r.requestId && { requestId: r.requestId }), ...(r.ip && { ip: r.ip }) });

const findCustomer = (db: Queryable, email: string) =>
  db('customers').where({ email }).first<CustomerRow | undefined>('id', 'name', 'email', 'language', 'password_hash');

async function liveTokens(db: Queryable, email: string, purpose: AccountTokenPurpose): Promise<number> {
  const [row] = await db('customer_account_tokens').where({ email, purpose }).whereNull('used_at').where('expires_at', '>', db.fn.now())
    .count<{ n: string }[]>('* as n');
  return Number(row?.n ?? 0);
}

/** Store a token and queue its email in the caller's transaction; false when the email already has enough live ones. */
async function issueToken(
  trx: Queryable, config: Config, actor: Actor,
  t: { purpose: AccountTokenPurpose; email: string; customerId: number | null; pending?: TokenRow['pending']; template: AccountEmailTemplate; name: string; language: string },
): Promise<boolean> {
  if ((await liveTokens(trx, t.email, t.purpose)) >= MAX_LIVE_TOKENS) return false;
  const { token, selector, verifierHash } = newAccountToken();
  const [row] = await trx('customer_account_tokens').insert({
    selector, verifier_hash: verifierHash, purpose: t.purpose, email: t.email, customer_id: t.customerId,
    pending: JSON.stringify(t.pending ?? {}), expires_at: new Date(Date.now() + ACCOUNT_TOKEN_TTL_MS[t.purpose]),
  }).returning<{ id: number }[]>('id');
  const [message] = await trx('outbound_messages').insert({
    ticket_id: null, channel: 'email', kind: 'notify', template: t.template, idempotency_key: `account-token:${row!.id}`,
    payload: JSON.stringify({ to: t.email, name: t.name, language: t.language, link: portalLink(config, t.purpose, token) }),
  }).returning<{ id: number }[]>('id');
  await enqueueEmailSend(trx, message!.id);
  await recordAudit(trx, actor, {
    action: `customer_account.${t.purpose}_requested`, entityType: 'customer_account_token', entityId: row!.id,
    after: { email: t.email, customerId: t.customerId, purpose: t.purpose },
  });
  return true;
}

/**
 * Register: a new email (or an existing customer without a password, e.g. created by an inbound email) gets a
 * verification link; the account (or the password) only exists once it is followed. An email that already
 * has a password gets a "you already have an account" email with a reset link instead. Same answer either way.
 */
export async function registerCustomer(
  db: Queryable, config: Config, input: { name: string; email: string; password: string; language?: string | undefined }, r: Request,
): Promise<void> {
  // Hashed whatever happens next, so the response time does not tell the cases apart.
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (trx) => {
    const existing = await findCustomer(trx, input.email);
    const language = input.language ?? existing?.language ?? 'en';
    if (existing?.password_hash) {
      await issueToken(trx, config, anonymous(r), { purpose: 'reset', email: input.email, customerId: existing.id, template: 'account_exists', name: existing.name, language: existing.language });
      return;
    }
    await issueToken(trx, config, anonymous(r), {
      purpose: 'verify', email: input.email, customerId: existing?.id ?? null, template: 'account_verify', name: input.name, language,
      pending: { name: input.name, language, passwordHash },
    });
  });
}

const invalidLink = () => new LanternError('gone', 'This link is invalid, expired or was already used; ask for a new one', { extensions: { code: 'token_invalid' } });

/** Lock and use up a token of this purpose, or throw one answer for every way it can be wrong. */
async function consumeToken(trx: Queryable, purpose: AccountTokenPurpose, token: string): Promise<TokenRow> {
  const parsed = parseAccountToken(token);
  if (!parsed) throw invalidLink();
  const row = await trx('customer_account_tokens').where({ selector: parsed.selector, purpose }).forUpdate().first<TokenRow | undefined>('*');
  if (!row || !verifierMatches(row.verifier_hash, parsed.verifier) || row.used_at || row.expires_at.getTime() <= Date.now()) throw invalidLink();
  // A registration's password hash is not kept once the token is spent.
  await trx('customer_account_tokens').where({ id: row.id }).update({ used_at: trx.fn.now(), pending: '{}' });
  return row;
}

/** Follow a verification link: the customer is created (or claims the existing one), verified and signed in. */
export async function verifyEmail(db: Queryable, token: string, r: Request, ttlHours: number): Promise<OpenedSession> {
  return db.transaction(async (trx) => {
    const t = await consumeToken(trx, 'verify', token);
    if (!t.pending.passwordHash) throw invalidLink();
    let customer = await trx('customers').where({ email: t.email }).forUpdate().first<CustomerRow | undefined>('id', 'name', 'email', 'language', 'password_hash');
    if (!customer) {
      [customer] = await trx('customers').insert({
        name: t.pending.name ?? t.email, email: t.email, language: t.pending.language ?? 'en', password_hash: t.pending.passwordHash, email_verified_at: trx.fn.now(),
      }).returning<CustomerRow[]>(['id', 'name', 'email', 'language', 'password_hash']);
      await recordAudit(trx, customerActor(customer!.id, r), { action: 'customer.register', entityType: 'customer', entityId: customer!.id, after: { id: customer!.id, email: t.email, name: customer!.name } });
    } else {
      await trx('customers').where({ id: customer.id }).update({
        password_hash: t.pending.passwordHash, email_verified_at: trx.fn.now(), updated_at: trx.fn.now(), version: trx.raw('version + 1'),
        ...(t.pending.language && { language: t.pending.language }),
      });
      await recordAudit(trx, customerActor(customer.id, r), { action: 'customer.claim', entityType: 'customer', entityId: customer.id, after: { email: t.email, verified: true } });
    }
    // Other registrations of the same email die with this one.
    await trx('customer_account_tokens').where({ email: t.email, purpose: 'verify' }).whereNull('used_at').update({ used_at: trx.fn.now() });
    return openSession(trx, { kind: 'customer', principalId: customer!.id, ip: r.ip, userAgent: r.userAgent }, ttlHours);
  });
}

/** Ask for a reset link: only a known customer gets one (also one without a password yet: that sets the first). */
export async function requestPasswordReset(db: Queryable, config: Config, email: string, r: Request): Promise<void> {
  await db.transaction(async (trx) => {
    const customer = await findCustomer(trx, email);
    if (!customer) return;
    await issueToken(trx, config, anonymous(r), { purpose: 'reset', email, customerId: customer.id, template: 'account_reset', name: customer.name, language: customer.language });
  });
}

/** Set a new password with a reset link: every session of the customer ends and the lockout is cleared. */
export async function confirmPasswordReset(db: Queryable, token: string, newPassword: string, r: Request): Promise<void> {
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (trx) => {
    const t = await consumeToken(trx, 'reset', token);
    const customer = t.customer_id === null ? undefined : await trx('customers').where({ id: t.customer_id }).forUpdate().first<{ id: number; email: string | null } | undefined>('id', 'email');
    // The email changed since the link was sent: it no longer proves anything about this account.
    if (!customer || customer.email?.toLowerCase() !== t.email.toLowerCase()) throw invalidLink();
    await trx('customers').where({ id: customer.id }).update({
      password_hash: passwordHash, email_verified_at: trx.raw('coalesce(email_verified_at, now())'), updated_at: trx.fn.now(), version: trx.raw('version + 1'),
    });
    await trx('sessions').where({ principal_type: 'customer', principal_id: customer.id }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
    await trx('customer_account_tokens').where({ customer_id: customer.id, purpose: 'reset' }).whereNull('used_at').update({ used_at: trx.fn.now() });
    await clearLoginFailures(trx, t.email);
    await recordAudit(trx, customerActor(customer.id, r), { action: 'customer.password_reset', entityType: 'customer', entityId: customer.id });
  });
}

/** Ask for a magic sign-in link: only a known customer gets one. */
export async function requestMagicLink(db: Queryable, config: Config, email: string, r: Request): Promise<void> {
  await db.transaction(async (trx) => {
    const customer = await findCustomer(trx, email);
    if (!customer) return;
    await issueToken(trx, config, anonymous(r), { purpose: 'magic', email, customerId: customer.id, template: 'account_magic', name: customer.name, language: customer.language });
  });
}

/** Follow a magic link: signed in, and the email counts as verified (the link reached the mailbox). */
export async function confirmMagicLink(db: Queryable, token: string, r: Request, ttlHours: number): Promise<OpenedSession> {
  return db.transaction(async (trx) => {
    const t = await consumeToken(trx, 'magic', token);
    const customer = t.customer_id === null ? undefined : await trx('customers').where({ id: t.customer_id }).first<{ id: number; email: string | null } | undefined>('id', 'email');
    if (!customer || customer.email?.toLowerCase() !== t.email.toLowerCase()) throw invalidLink();
    await trx('customers').where({ id: customer.id }).whereNull('email_verified_at').update({ email_verified_at: trx.fn.now() });
    await recordAudit(trx, customerActor(customer.id, r), { action: 'customer.magic_link_sign_in', entityType: 'customer', entityId: customer.id });
    return openSession(trx, { kind: 'customer', principalId: customer.id, ip: r.ip, userAgent: r.userAgent }, ttlHours);
  });
}
