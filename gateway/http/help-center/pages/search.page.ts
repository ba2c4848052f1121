import type { PublicSearchHit } from '../help-center-source';
import { html, trusted } from '../html';
import { HELP_LANGUAGES } from '../locales';
import { paths, renderPage, type PageMeta } from '../layout';

type Common = Pick<PageMeta, 'lang' | 't' | 'origin'>;

export const SEARCH_PAGE_SIZE = 10;

/**
 * Engine highlights arrive as escaped text with <mark> (contract: titleHtml/snippetHtml). Defence in depth:
 * any other `<` is escaped again here, so a buggy producer still cannot inject a tag.
 */
const marksOnly = (s: string) => trusted(s.replace(/<(?!\/?mark>)/g, '&lt;'));

/** `/help/:lang/search?q=&page=`: never indexed by robots. */
export function searchPage(c: Common, q: string, page: number, result: { hits: PublicSearchHit[]; estimatedTotal: number } | null): string {
  const { t, lang } = c;
  const pageLink = (p: number) => `${paths.search(lang, q)}${p > 1 ? `&page=${p}` : ''}`;
  let body;
  if (!q || !result) body = html`<h1>${t('search.title')}</h1><p>${t('search.empty')}</p>`;
  else if (!result.hits.length) body = html`<h1>${t('search.resultsFor', { q })}</h1><p class="card" data-testid="search-empty">${t('search.none', { q })}</p>`;
  else {
    const more = page * SEARCH_PAGE_SIZE < result.estimatedTotal;
    body = html`<h1>${t('search.resultsFor', { q })}</h1>
<p class="muted">${t('search.count', { count: result.estimatedTotal })}</p>
<ol class="plain card" data-testid="search-results">${result.hits.map((h) => html`<li><h2 style="font-size:1.05rem;margin:0"><a href="${h.url}">${marksOnly(h.titleHtml)}</a>${h.kind === 'tutorial' ? html`<span class="badge">${t('kind.tutorial')}</span>` : ''}</h2>
<p class="muted" style="margin:0">${marksOnly(h.snippetHtml)}</p></li>`)}</ol>
${page > 1 || more ? html`<nav class="pager" aria-label="${t('search.pages')}">${page > 1 ? html`<a href="${pageLink(page - 1)}" rel="prev">${t('search.previous')}</a>` : html`<span></span>`}${more ? html`<a href="${pageLink(page + 1)}" rel="next">${t('search.next')}</a>` : ''}</nav>` : ''}`;
  }
  return renderPage({ ...c, title: q ? t('search.resultsFor', { q }) : t('search.title'), description: t('homeDescription'), path: paths.search(lang, q), noindex: true, query: q,
    alternates: HELP_LANGUAGES.map((l) => ({ lang: l, path: paths.search(l, q) })) }, body);
}
