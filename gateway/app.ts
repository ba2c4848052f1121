import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import Router from '@koa/router';
import Koa from 'koa';
import { LanternError } from '../core/errors';
import { createTicketEventHub } from '../services/realtime/ticket-events.hub';
import type { AppDeps } from './deps';
import { authMiddleware } from './http/auth.middleware';
import { withIdempotency } from './http/idempotency';
import { jsonBody } from './http/json-body';
import { pluginWebhooks } from './http/plugin-webhooks';
import { createHttpMetrics } from './http/metrics';
import { problemMiddleware } from './http/problem';
import { rateLimitMiddlewares } from './http/rate-limit.middleware';
import { runRoute, type RouteDef } from './http/route';
import { staticUi } from './http/static-ui';
import { helpCenter } from './http/help-center/help-center.router';
import { widgetFrameHeaders } from './http/widget-frame';
import { buildOpenApi } from './openapi';
import { attachChatSocket } from './realtime/chat.ws';
import { eventsRouter } from './realtime/events.router';
import { allRoutes } from './routes';
import { docsRouter } from './routes/docs.routes';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Mount each declared route: rate limit, authorization, validation, optional idempotency, reply. */
function mountApiRoutes(router: Router, routes: RouteDef[], deps: AppDeps): void {
  for (const route of routes) {
    router[route.method](route.path, async (ctx) => {
      const reply = route.idempotent
        ? await withIdempotency(ctx, deps.db, (db) => runRoute(route, ctx, deps, db))
        : await runRoute(route, ctx, deps, deps.db);
      for (const [name, value] of Object.entries(reply.headers ?? {})) ctx.set(name, value);
      ctx.status = reply.status ?? (reply.body === undefined ? 204 : 200);
      if (reply.body !== undefined) ctx.body = reply.body;
    });
  }
}

/** The HTTP application without `listen`, so tests and processes compose it the same way. */
export function createApp(deps: AppDeps, extraRoutes: RouteDef[] = []): Koa {
  const app = new Koa({ proxy: deps.config.http.trustProxy });
  const routes = [...allRoutes, ...extraRoutes];
  const metrics = createHttpMetrics();
  const limits = rateLimitMiddlewares(deps.config.rateLimit);
  const openapi = buildOpenApi(routes, { version });

  app.on('error', (err: unknown, ctx?: Koa.Context) => {
    deps.logger.error({ err, requestId: ctx?.state.requestId, path: ctx?.path }, 'unhandled error');
  });

  const ops = new Router();
  ops.get('/healthz', (ctx) => { ctx.body = { status: 'ok' }; });
  ops.get('/readyz', async (ctx) => {
    try {
      await deps.db.raw('SELECT 1');
      ctx.body = { status: 'ready' };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'database unavailable' };
    }
  });
  ops.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });

  const api = new Router({ prefix: '/api/v1' });
  api.get('/openapi.json', (ctx) => { ctx.body = openapi; });
  mountApiRoutes(api, routes, deps);

  app.use(async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    ctx.state.requestId = /^[\w-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  });
  app.use(metrics.middleware);
  app.use(problemMiddleware());
  app.use(ops.routes());
  app.use(docsRouter().routes());
  app.use(helpCenter({ deps, limit: limits.perIp })); // server-rendered /help pages (docs/knowledge-base.md)
  // The web UI at / (and its client-side routes); /api stays the API's.
  app.use(widgetFrameHeaders(deps.db));
  app.use(staticUi());
  app.use(limits.perIp);
  // Plugin webhooks need the raw body bytes (providers sign them): before the JSON parser, public.
  app.use(pluginWebhooks(deps));
  app.use(jsonBody(deps.config.http.bodyLimitBytes));
  app.use(authMiddleware(deps.db, deps.config));
  app.use(limits.perCredential);
  // One hub (one LISTEN connection) per process, shared by the SSE stream and the live chat.
  const hub = createTicketEventHub({ db: deps.db, logger: deps.logger });
  app.use(eventsRouter(hub).routes());
  app.use(api.routes());
  app.use(
    api.allowedMethods({
      throw: true,
      methodNotAllowed: () => new LanternError('method_not_allowed', 'This path does not support that method'),
      notImplemented: () => new LanternError('method_not_allowed', 'Method not implemented'),
    }),
  );
  // The live chat WebSocket lives on whatever server the app listens on (bin/start.ts, tests): wrap `listen` once here.
  const listen = app.listen.bind(app) as (...args: unknown[]) => Server;
  app.listen = ((...args: unknown[]) => {
    const server = listen(...args);
    attachChatSocket(server, deps, hub);
    return server;
  }) as Koa['listen'];
  return app;
}
