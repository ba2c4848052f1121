/** `/help/sitemap.xml`: language homes and every published public translation, with hreflang alternates. */
import type { SitemapEntry } from './help-center-source';
import { escapeHtml } from './html';
import { HELP_LANGUAGES } from './locales';
import { paths } from './layout';

export function sitemapXml(origin: string, entries: SitemapEntry[]): string {
  const byArticle = new Map<number, SitemapEntry[]>();
  for (const e of entries) byArticle.set(e.articleId, [...(byArticle.get(e.articleId) ?? []), e]);
  const loc = (path: string) => escapeHtml(origin + path);
  const urls: string[] = HELP_LANGUAGES.map((l) => `<url><loc>${loc(paths.home(l))}</loc>${HELP_LANGUAGES.map((a) => `<xhtml:link rel="alternate" hreflang="${a}" href="${loc(paths.home(a))}"/>`).join('')}</url>`);
  for (const e of entries) {
    const alternates = (byArticle.get(e.articleId) ?? []).length > 1
      ? (byArticle.get(e.articleId) ?? []).map((a) => `<xhtml:link rel="alternate" hreflang="${escapeHtml(a.language)}" href="${loc(paths.article(a.language, a.articleId, a.slug))}"/>`).join('')
      : '';
    urls.push(`<url><loc>${loc(paths.article(e.language, e.articleId, e.slug))}</loc><lastmod>${escapeHtml(new Date(e.updatedAt).toISOString())}</lastmod>${alternates}</url>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`;
}
