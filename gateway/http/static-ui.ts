import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type Koa from 'koa';

/** Where `npm run build:ui` (run by `npm install`) writes the web UI. */
export const UI_DIST = new URL('../../ui/dist/', import.meta.url).pathname;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serve the built web UI: files from ui/dist, and index.html for any other GET outside /api (client-side routes).
 * Hashed assets are cached for a year; index.html never, so a new build is picked up on reload.
 */
export function staticUi(root = UI_DIST): Koa.Middleware {
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path === '/api' || ctx.path.startsWith('/api/')) return next();
    let rel: string;
    try {
      rel = normalize(decodeURIComponent(ctx.path));
    } catch {
      return next();
    }
    const file = join(root, rel);
    if (file.startsWith(root) && !file.endsWith(sep) && (await isFile(file))) {
      ctx.type = extname(file);
      ctx.set('Cache-Control', rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      ctx.body = createReadStream(file);
      return undefined;
    }
    // The customer portal is its own page (ui/portal.html) with its own client-side routes.
    const index = join(root, ctx.path === '/portal' || ctx.path.startsWith('/portal/') ? 'portal.html' : 'index.html');
    if (!(await isFile(index))) {
      ctx.status = 503;
      ctx.type = 'text';
      ctx.body = 'The web UI is not built yet: run `npm run build:ui` (npm install does it). The API is at /api/v1/docs.';
      return undefined;
    }
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = createReadStream(index);
    return undefined;
  };
}
