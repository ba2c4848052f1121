import { z } from 'zod';
import { idParam } from '../../core/schemas/common.schema';
import { changePassword, listSessions, login, revokeSession } from '../../services/auth/sessions.service';
import { SESSION_COOKIE } from '../http/auth.middleware';
import { defineRoute } from '../http/route';

const loginInput = z.strictObject({ email: z.email().max(320), password: z.string().min(1).max(1000) });
const passwordInput = z.strictObject({ currentPassword: z.string().min(1).max(1000), newPassword: z.string().min(10, 'must be at least 10 characters').max(1000) });

const loginRoute = (kind: 'worker' | 'customer', path: string, operationId: string, summary: string) =>
  defineRoute({
    method: 'post', path, operationId, summary, tag: 'Auth', permission: 'public', body: loginInput,
    responses: { 200: { description: 'Signed in; the session cookie is set and the token returned for API use' } },
    handler: async ({ body }, { db, deps, koa }) => {
      const session = await login(db, { ...body, kind, ip: koa.ip, userAgent: koa.get('User-Agent') }, deps.config.sessionTtlHours);
      koa.cookies.set(SESSION_COOKIE, session.token, {
        httpOnly: true, sameSite: 'strict', secure: koa.secure, expires: session.expiresAt, overwrite: true,
      });
      return { body: { token: session.token, expiresAt: session.expiresAt.toISOString(), kind, id: session.principalId } };
    },
  });

const owner = (p: { kind: string; id: number }) => ({ type: p.kind, id: p.id });

export const authRoutes = [
  loginRoute('worker', '/auth/login', 'login', 'Sign in as an agent or admin'),
  loginRoute('customer', '/auth/customer-login', 'customerLogin', 'Sign in as a customer'),
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
      return { body: { kind: principal.kind, ...profile, permissions: [...principal.permissions].sort(), ...(principal.kind === 'worker' && { teamIds: principal.teamIds }) } };
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
