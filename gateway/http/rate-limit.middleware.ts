import type Koa from 'koa';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { LanternError } from '../../core/errors';
import type { Principal } from '../../core/principal';

type Limits = { perKey: number; perIp: number; windowSeconds: number };

async function consume(limiter: RateLimiterMemory, key: string, ctx: Koa.Context): Promise<void> {
  try {
    const res = await limiter.consume(key);
    ctx.set('RateLimit-Remaining', String(res.remainingPoints));
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw new LanternError('rate_limited', `Rate limit exceeded; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

/** Per-IP limit for everyone (before auth), then a per-credential limit (API key or session). */
export function rateLimitMiddlewares(limits: Limits): { perIp: Koa.Middleware; perCredential: Koa.Middleware } {
  const ip = new RateLimiterMemory({ points: limits.perIp, duration: limits.windowSeconds, keyPrefix: 'ip' });
  const credential = new RateLimiterMemory({ points: limits.perKey, duration: limits.windowSeconds, keyPrefix: 'key' });
  return {
    perIp: async (ctx, next) => {
      await consume(ip, ctx.ip, ctx);
      await next();
    },
    perCredential: async (ctx, next) => {
      const p = ctx.state.principal as Principal | undefined;
      if (p) await consume(credential, `${p.via}:${p.viaId}`, ctx);
      await next();
    },
  };
}
