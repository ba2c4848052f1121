import type Koa from 'koa';
import type { Queryable } from '../../db/knex';
import { widgetAllowedOrigins } from '../../services/widget/widget-settings.service';

/**
 * The widget's frame page may only be embedded by the sites the admin allowed (plus Lantern itself, for the admin
 * console's live preview): a CSP frame-ancestors header on /widget/frame.html. No list = any site may embed it.
 */
export function widgetFrameHeaders(db: Queryable): Koa.Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/widget/frame.html') {
      const origins = await widgetAllowedOrigins(db);
      if (origins.length) ctx.set('Content-Security-Policy', `frame-ancestors 'self' ${origins.join(' ')}`);
    }
    return next();
  };
}
