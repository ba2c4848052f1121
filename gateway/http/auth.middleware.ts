import type Koa from 'koa';
import { LanternError } from '../../core/errors';
import type { Db } from '../../db/knex';
import { principalFromApiKey, principalFromSession } from '../../services/auth/principal.service';

export const SESSION_COOKIE = 'lantern_session';
export const CSRF_HEADER = 'x-lantern-csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolve the caller from `Authorization: Bearer <api key | session token>` or the session cookie.
 * Bad credentials are an error, not anonymity: a client with a revoked key must learn it.
 * Cookie-authenticated writes must carry the CSRF header, which a cross-site form cannot send.
 */
export function authMiddleware(db: Db): Koa.Middleware {
  return async (ctx, next) => {
    const header = ctx.get('Authorization');
    const cookie = ctx.cookies.get(SESSION_COOKIE);
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new LanternError('unauthenticated', 'Authorization must be "Bearer <token>"');
      const token = m[1]!;
      const principal = token.startsWith('lk_') ? await principalFromApiKey(db, token) : await principalFromSession(db, token);
      if (!principal) throw new LanternError('unauthenticated', 'The API key or session token is invalid, expired or revoked');
      ctx.state.principal = principal;
    } else if (cookie) {
      const principal = await principalFromSession(db, cookie);
      if (principal) {
        if (UNSAFE.has(ctx.method) && ctx.get(CSRF_HEADER) !== '1') {
          throw new LanternError('forbidden', `Cookie-authenticated requests that change data must send the ${CSRF_HEADER}: 1 header`);
        }
        ctx.state.principal = principal;
      }
    }
    await next();
  };
}
