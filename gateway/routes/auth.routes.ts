import type Koa from 'koa';
import { z } from 'zod';
import { idParam } from '../../core/schemas/common.schema';
import { beginSignIn, completeLoginChallenge } from '../../services/auth/login-challenge.service';
import { signInCustomer } from '../../services/auth/customer-login.service';
import { changePassword, listSessions, revokeSession, type OpenedSession } from '../../services/auth/sessions.service';
import { secretKey } from '../../services/secret-key';
import { SESSION_COOKIE } from '../http/auth.middleware';
import { defineRoute, type Reply } from '../http/route';

const loginInput = z.strictObject({ email: z.email().max(320), password: z.string().min(1).max(1000) });
const passwordInput = z.strictObject({ currentPassword: z.string().min(1).max(1000), newPassword: z.string().min(10, 'must be at least 10 characters').max(1000) });

const challengeInput = z.strictObject({ challenge: z.string().min(1).max(200), code: z.string().trim().min(6).max(64) });

/** The session cookie and the normal login response body (also for the portal's verify and magic-link routes). */
export function signedIn(koa: Koa.Context, session: OpenedSession, kind: 'worker' | 'customer'): Reply {
  koa.cookies.set(SESSION_COOKIE, session.token, {
    httpOnly: true, sameSite: 'strict', secure: koa.secure, expires: session.expiresAt, overwrite: true,
  });
  return { body: { token: session.token, expiresAt: session.expiresAt.toISOString(), kind, id: session.principalId } };
}

const loginRoute = (kind: 'worker' | 'customer', path: string, operationId: string, summary: string) =>
  defineRoute({
    method: 'post', path, operationId, summary, tag: 'Auth', permission: 'public', body: loginInput,
    responses: {
      200: { description: 'Signed in (the session cookie is set and the token returned for API use), or for a worker with 2FA `{ twoFactorRequired: true, challenge, expiresAt }` to redeem at POST /auth/login/2fa' },
      403: { description: 'Customers: a self-registration whose email is not verified yet (`code: email_not_verified`)' },
      429: { description: 'Customers: 5 wrong passwords within 15 minutes (`code: account_locked`, `retryAfterSeconds`)' },
    },
    handler: async ({ body }, { db, deps, koa }) => {
      // Customers: lockout and unverified registrations (docs/portal.md); workers: password, then 2FA.
      if (kind === 'customer') return signedIn(koa, await signInCustomer(db, { ...body, ip: koa.ip, userAgent: koa.get('User-Agent') }, deps.config.sessionTtlHours), kind);
      const start = await beginSignIn(db, { ...body, kind, ip: koa.ip, userAgent: koa.get('User-Agent') }, deps.config.sessionTtlHours);
      if ('challenge' in start) return { body: { twoFactorRequired: true, challenge: start.challenge, expiresAt: start.expiresAt.toISOString() } };
      return signedIn(koa, start.session, kind);
    },
  });

const owner = (p: { kind: string; id: number }) => ({ type: p.kind, id: p.id });

export const authRoutes = [
  loginRoute('worker', '/auth/login', 'login', 'Sign in as an agent or admin'),
  loginRoute('customer', '/auth/customer-login', 'customerLogin', 'Sign in as a customer'),
  defineRoute({
    method: 'post', path: '/auth/login/2fa', operationId: 'loginTwoFactor', tag: 'Auth', permission: 'public', body: challengeInput,
    summary: 'Second sign-in step: redeem the challenge with a code from the authenticator app or a recovery code',
    responses: {
      200: { description: 'Signed in, as POST /auth/login' },
      401: { description: 'Wrong code (`code: two_factor_code_invalid`, `attemptsLeft`) or a dead challenge (`code: two_factor_challenge_invalid`)' },
    },
    handler: async ({ body }, { db, deps, koa }) => {
      const session = await completeLoginChallenge(db, { ...body, ip: koa.ip, userAgent: koa.get('User-Agent') }, {
        secretKey: secretKey(deps.config), ttlHours: deps.config.sessionTtlHours,
      });
      return signedIn(koa, session, 'worker');
    },
  }),
  defineRoute({
    method: 'post', path: '/auth/logout', operationId: 'logout', summary: 'End the current session', tag: 'Auth', permission: 'self',
    responses: { 204: { description: 'Signed out' } },
    handler: async (_input, { db, principal, actor, koa }) => {
      if (principal.via === 'session') await revokeSession(db, actor, principal.viaId, owner(principal));
      koa.cookies.set(SESSION_COOKIE, null);
      return {};
    },
  }),
  defineRoute({
    method: 'get', path: '/me', operationId: 'getMe', summary: 'Who am I and what may I do', tag: 'Auth', permission: 'self',
    responses: { 200: { description: 'The caller' } },
    handler: async (_input, { db, principal }) => {
      const profile = principal.kind === 'worker'
        ? await db('workers').where({ id: principal.id }).first('id', 'name', 'email', 'role')
        : principal.kind === 'customer'
          ? await db('customers').where({ id: principal.id }).first('id', 'name', 'email', 'language')
          : await db('api_keys').where({ id: principal.id }).first('id', 'name');
      const session = principal.via === 'session' ? await db('sessions').where({ id: principal.viaId }).first('expires_at') : undefined;
      return {
        body: {
          kind: principal.kind, ...profile, permissions: [...principal.permissions].sort(),
          ...(principal.kind === 'worker' && { teamIds: principal.teamIds, twoFactorSetupRequired: principal.twoFactorSetupRequired ?? false }),
          ...(session && { sessionExpiresAt: (session.expires_at as Date).toISOString() }),
        },
      };
    },
  }),
  defineRoute({
    method: 'get', path: '/auth/sessions', operationId: 'listMySessions', summary: 'My active sessions', tag: 'Auth', permission: 'self',
    responses: { 200: { description: 'Sessions' } },
    handler: async (_input, { db, principal }) => ({ body: { data: await listSessions(db, owner(principal)) } }),
  }),
  defineRoute({
    method: 'delete', path: '/auth/sessions/:id', operationId: 'revokeMySession', summary: 'Revoke one of my sessions', tag: 'Auth', permission: 'self',
    params: idParam, responses: { 204: { description: 'Revoked' } },
    handler: async ({ params }, { db, principal, actor }) => {
      await revokeSession(db, actor, params.id, owner(principal));
      return {};
    },
  }),
  defineRoute({
    method: 'post', path: '/auth/password', operationId: 'changePassword', summary: 'Change my password (other sessions end)', tag: 'Auth', permission: 'self',
    body: passwordInput, responses: { 204: { description: 'Changed' } },
    handler: async ({ body }, { db, principal, actor }) => {
      if (principal.kind === 'plugin') return { status: 204 };
      await changePassword(db, actor, { type: principal.kind, id: principal.id }, body.currentPassword, body.newPassword);
      return {};
    },
  }),
];
