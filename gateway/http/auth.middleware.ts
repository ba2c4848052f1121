import type Koa from 'koa';
import { LanternError } from '../../core/errors';
import type { Principal } from '../../core/principal';
import type { Db } from '../../db/knex';
import type { Config } from '../../config/config';
import { principalFromApiKey, principalFromSession } from '../../services/auth/principal.service';
import { VISITOR_TOKEN_PREFIX, principalFromVisitorToken } from '../../services/chat/visitor-token';

export const SESSION_COOKIE = 'lantern_session';
export const CSRF_HEADER = 'x-lantern-csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What a worker who must set up 2FA may still call: who am I, the 2FA setup itself, signing out and the public
 * sign-in routes (a stale cookie must not block signing in again). Everything else under /api is gated.
 */
const SETUP_ALLOWED: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: 'GET', path: /^\/api\/v1\/me\/?$/ },
  { method: '*', path: /^\/api\/v1\/me\/2fa(\/[\w-]+)?\/?$/ },
  { method: 'POST', path: /^\/api\/v1\/auth\/(logout|login|login\/2fa|customer-login)\/?$/ },
];

/** The one place the enforcement gate lives (docs/security.md). API keys are not affected. */
function assertTwoFactorGate(ctx: Koa.Context, principal: Principal): void {
  if (principal.kind !== 'worker' || principal.via !== 'session' || !principal.twoFactorSetupRequired) return;
  if (!ctx.path.startsWith('/api/')) return;
  if (SETUP_ALLOWED.some((a) => (a.method === '*' || a.method === ctx.method) && a.path.test(ctx.path))) return;
  throw new LanternError('forbidden', 'Your workspace requires two-factor authentication: set it up under /me/2fa before doing anything else', {
    extensions: { code: 'two_factor_setup_required' },
  });
}

/**
 * Resolve the caller from `Authorization: Bearer <api key | session token>` or the session cookie.
 * Bad credentials are an error, not anonymity: a client with a revoked key must learn it.
 * Cookie-authenticated writes must carry the CSRF header, which a cross-site form cannot send.
 */
export function authMiddleware(db: Db, config: Pick<Config, 'secretKey' | 'dataDir'>): Koa.Middleware {
  return async (ctx, next) => {
    const header = ctx.get('Authorization');
    const cookie = ctx.cookies.get(SESSION_COOKIE);
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new LanternError('unauthenticated', 'Authorization must be "Bearer <token>"');
      const token = m[1]!;
      // lv_: a live chat visitor token (services/chat/visitor-token.ts), a customer scoped to its own chats.
      const principal = token.startsWith('lk_') ? await principalFromApiKey(db, token)
        : token.startsWith(VISITOR_TOKEN_PREFIX) ? await principalFromVisitorToken(db, config, token) : await principalFromSession(db, token);
      if (!principal) throw new LanternError('unauthenticated', 'The API key or session token is invalid, expired or revoked');
      assertTwoFactorGate(ctx, principal);
      ctx.state.principal = principal;
    } else if (cookie) {
      const principal = await principalFromSession(db, cookie);
      if (principal) {
        if (UNSAFE.has(ctx.method) && ctx.get(CSRF_HEADER) !== '1') {
          throw new LanternError('forbidden', `Cookie-authenticated requests that change data must send the ${CSRF_HEADER}: 1 header`);
        }
        assertTwoFactorGate(ctx, principal);
        ctx.state.principal = principal;
      }
    }
    await next();
  };
}
