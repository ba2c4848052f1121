import type Koa from 'koa';
import { LanternError } from '../../core/errors';
import { forwardWebhook } from '../../services/plugins/webhook-forward.service';
import type { AppDeps } from '../deps';

const PREFIX = /^\/api\/v1\/plugin-webhooks\/([a-z][a-z0-9-]{1,62}[a-z0-9])(\/.*)?$/;

/** The raw body up to `limit` bytes: providers sign the exact bytes, so it is never parsed or re-encoded. */
function readRaw(ctx: Koa.Context, limit: number): Promise<Buffer> {
  if (Number(ctx.get('Content-Length') || 0) > limit) {
    ctx.req.resume();
    return Promise.reject(new LanternError('payload_too_large', `The webhook body is larger than the ${limit} bytes allowed`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    ctx.req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        ctx.req.resume();
        reject(new LanternError('payload_too_large', `The webhook body is larger than the ${limit} bytes allowed`));
      } else chunks.push(chunk);
    });
    ctx.req.once('end', () => { if (!done) { done = true; resolve(Buffer.concat(chunks)); } });
    ctx.req.once('error', (err) => { if (!done) { done = true; reject(new LanternError('bad_request', `The request body could not be read: ${err.message}`)); } });
  });
}

const problem = (ctx: Koa.Context, status: number, title: string, detail: string) => {
  ctx.status = status;
  ctx.type = 'application/problem+json';
  ctx.body = { type: 'about:blank', title, status, detail };
};

/**
 * Public `ANY /api/v1/plugin-webhooks/:pluginId/*`: forwarded verbatim to the plugin's HandleWebhook (raw body
 * bytes, lower-cased headers, query, the public URL the provider called). Mounted before the JSON body parser.
 * Unknown or disabled plugins: 404. A plugin that is down or times out: 503 / 504, so providers retry.
 */
export function pluginWebhooks(deps: Pick<AppDeps, 'db' | 'config'>): Koa.Middleware {
  return async (ctx, next) => {
    const match = PREFIX.exec(ctx.path);
    if (!match) return next();
    const pluginId = match[1]!;
    const body = await readRaw(ctx, deps.config.plugins.webhookMaxBytes);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    const base = (deps.config.http.publicUrl ?? `${ctx.protocol}://${ctx.host}`).replace(/\/$/, '');
    const result = await forwardWebhook(deps.db, deps.config, pluginId, {
      method: ctx.method, path: match[2] ?? '/', query: ctx.querystring, headers, body, publicUrl: `${base}${ctx.originalUrl}`,
    });
    if (result.kind === 'not_found') throw new LanternError('not_found', `No enabled plugin ${pluginId} receives webhooks here`);
    if (result.kind === 'unavailable') {
      return problem(ctx, result.timeout ? 504 : 503, result.timeout ? 'Plugin timed out' : 'Plugin unavailable', `Plugin ${pluginId} could not handle the webhook: ${result.reason}`);
    }
    ctx.status = result.status;
    for (const [k, v] of Object.entries(result.headers)) ctx.set(k, v);
    ctx.body = result.body;
  };
}
