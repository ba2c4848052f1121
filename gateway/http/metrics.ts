import type Koa from 'koa';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type HttpMetrics = { registry: Registry; middleware: Koa.Middleware };

/** Prometheus metrics: request latency by route template (not raw path, to bound label cardinality). */
export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'lantern_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    middleware: async (ctx, next) => {
      const end = duration.startTimer({ method: ctx.method });
      try {
        await next();
      } finally {
        end({ route: (ctx as Koa.Context & { _matchedRoute?: string })._matchedRoute ?? 'unmatched', status: String(ctx.status) });
      }
    },
  };
}
