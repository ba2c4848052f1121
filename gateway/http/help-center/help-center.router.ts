/**
 * The public help center as server-rendered HTML outside /api (search engines and the widget link here):
 * `/help` (302 to the best language), `/help/:lang`, sections, articles (with the no-JavaScript feedback post),
 * `/help/:lang/search?q=` and `/help/sitemap.xml`. Mounted before the web UI's fallback in gateway/app.ts.
 * Pages show public, published content only (no principal is read: pages are cacheable by anyone).
 */
import Router from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';
import { LanternError } from '../../../core/errors';
import { SearchUnavailableError } from '../../../services/search/search-engine';
import type { AppDeps } from '../../deps';
import type { HelpCenterSource } from './help-center-source';
import { kbHelpCenterSource } from './kb-source';
import { paths } from './layout';
import { bestLanguage, HELP_LANGUAGES, helpCenterT, isHelpLanguage, type HelpLanguage } from './locales';
import { articlePage } from './pages/article.page';
import { homePage } from './pages/home.page';
import { SEARCH_PAGE_SIZE, searchPage } from './pages/search.page';
import { sectionPage } from './pages/section.page';
import { notFoundPage, searchUnavailablePage } from './pages/status.page';
import { sitemapXml } from './sitemap';
import { readForm } from './read-form';

const PAGE_CACHE = 'public, max-age=300';
const refOf = (raw: string) => {
  const m = /^(\d{1,9})(?:-(.*))?$/.exec(raw);
  return m ? { id: Number(m[1]), slug: m[2] ?? '' } : null;
};
const searchQuery = z.object({
  // Overlong queries are cut, not refused: the box has maxlength, a hand-made URL still gets results.
  q: z.string().catch('').transform((s) => s.trim().slice(0, 200)),
  page: z.coerce.number().int().min(1).max(100).catch(1),
});
const feedbackForm = z.object({ helpful: z.enum(['yes', 'no']), comment: z.string().trim().max(2000).optional() });

type Options = { deps: AppDeps; /** The app's per-IP limiter (pages read the database). */ limit: Koa.Middleware; source?: HelpCenterSource };

export function helpCenter({ deps, limit, source = kbHelpCenterSource(deps) }: Options): Koa.Middleware {
  const router = new Router();
  const origin = (ctx: Koa.Context) => (deps.config.http.publicUrl || `${ctx.protocol}://${ctx.host}`).replace(/\/+$/, '');
  const common = (ctx: Koa.Context, lang: HelpLanguage) => ({ lang, t: helpCenterT(lang), origin: origin(ctx) });
  const send = (ctx: Koa.Context, status: number, body: string, cache: string) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.set('Cache-Control', cache);
    ctx.body = body;
  };
  const notFound = (ctx: Koa.Context, lang: HelpLanguage) => send(ctx, 404, notFoundPage(common(ctx, lang)), 'public, max-age=60');
  const langOf = (ctx: Koa.Context): HelpLanguage | null => {
    const lang = ctx.params.lang ?? '';
    return isHelpLanguage(lang) ? lang : null;
  };

  router.get(['/help', '/help/'], limit, (ctx) => {
    ctx.set('Vary', 'Accept-Language');
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.redirect(paths.home(bestLanguage(ctx.acceptsLanguages(...HELP_LANGUAGES))));
  });

  router.get('/help/sitemap.xml', limit, async (ctx) => {
    ctx.type = 'application/xml';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = sitemapXml(origin(ctx), await source.published());
  });

  router.get('/help/:lang', limit, async (ctx) => {
    const lang = langOf(ctx);
    if (!lang) return notFound(ctx, 'en');
    send(ctx, 200, homePage(common(ctx, lang), await source.categories(lang)), PAGE_CACHE);
  });

  router.get('/help/:lang/sections/:ref', limit, async (ctx) => {
    const lang = langOf(ctx);
    const ref = refOf(ctx.params.ref ?? '');
    const data = lang && ref ? await source.section(lang, ref.id) : null;
    if (!lang || !ref || !data) return notFound(ctx, lang ?? 'en');
    if (ref.slug !== data.section.slug) {
      ctx.status = 301;
      return ctx.redirect(paths.section(lang, data.section.id, data.section.slug));
    }
    send(ctx, 200, sectionPage(common(ctx, lang), data), PAGE_CACHE);
  });

  router.get('/help/:lang/articles/:ref', limit, async (ctx) => {
    const lang = langOf(ctx);
    const ref = refOf(ctx.params.ref ?? '');
    const article = lang && ref ? await source.article(lang, ref.id) : null;
    if (!lang || !ref || !article) return notFound(ctx, lang ?? 'en');
    if (ref.slug !== article.slug) {
      ctx.status = 301;
      return ctx.redirect(paths.article(lang, article.id, article.slug));
    }
    const slugs = (await source.published(article.id)).map((e) => ({ language: e.language, slug: e.slug }));
    const sent = ctx.query.feedback === 'thanks';
    send(ctx, 200, articlePage(common(ctx, lang), article, slugs, sent), sent ? 'private, no-cache' : PAGE_CACHE);
  });

  // The feedback form without JavaScript: a plain urlencoded post, answered with a redirect back (303).
  router.post('/help/:lang/articles/:ref/feedback', limit, async (ctx) => {
    const lang = langOf(ctx);
    const ref = refOf(ctx.params.ref ?? '');
    if (!lang || !ref) return notFound(ctx, lang ?? 'en');
    const back = paths.article(lang, ref.id, ref.slug);
    const form = feedbackForm.safeParse(await readForm(ctx, 8 * 1024));
    if (!form.success) return ctx.redirect(`${back}#feedback`);
    try {
      await source.feedback(ref.id, { language: lang, helpful: form.data.helpful === 'yes', ...(form.data.comment && { comment: form.data.comment }) },
        { requestId: ctx.state.requestId as string, ip: ctx.ip });
    } catch (err) {
      if (err instanceof LanternError && (err.code === 'not_found' || err.code === 'validation')) return notFound(ctx, lang);
      throw err;
    }
    ctx.status = 303;
    ctx.redirect(`${back}?feedback=thanks#feedback`);
  });

  router.get('/help/:lang/search', limit, async (ctx) => {
    const lang = langOf(ctx);
    if (!lang) return notFound(ctx, 'en');
    const { q, page } = searchQuery.parse(ctx.query);
    if (!q) return send(ctx, 200, searchPage(common(ctx, lang), '', 1, null), PAGE_CACHE);
    try {
      const result = await source.search(lang, q, SEARCH_PAGE_SIZE, (page - 1) * SEARCH_PAGE_SIZE);
      send(ctx, 200, searchPage(common(ctx, lang), q, page, result), 'public, max-age=60');
    } catch (err) {
      if (!(err instanceof SearchUnavailableError) && !(err instanceof LanternError && err.code === 'unavailable')) throw err;
      ctx.set('Retry-After', '60');
      send(ctx, 503, searchUnavailablePage(common(ctx, lang), q), 'no-store');
    }
  });

  const routes = router.routes() as unknown as Koa.Middleware;
  return async (ctx, next) => {
    if (ctx.path !== '/help' && !ctx.path.startsWith('/help/')) return next();
    await routes(ctx, async () => {
      // Anything else under /help is the help center's 404, not the web UI's fallback.
      if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
      const first = ctx.path.split('/')[2] ?? '';
      notFound(ctx, isHelpLanguage(first) ? first : 'en');
    });
  };
}
