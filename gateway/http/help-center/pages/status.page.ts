import { html } from '../html';
import { paths, renderPage, type PageMeta } from '../layout';

type Common = Pick<PageMeta, 'lang' | 't' | 'origin'>;

/** 404: unknown, unpublished or internal pages look the same (nothing reveals that an internal article exists). */
export function notFoundPage(c: Common): string {
  const { t, lang } = c;
  return renderPage({ ...c, title: t('notFound.title'), description: t('notFound.text'), path: paths.home(lang), noindex: true },
    html`<h1>${t('notFound.title')}</h1><p>${t('notFound.text')}</p><p><a href="${paths.home(lang)}">${t('notFound.home')}</a></p>`);
}

/** 503 when the search engine is down: the rest of the help center still works. */
export function searchUnavailablePage(c: Common, q: string): string {
  const { t, lang } = c;
  return renderPage({ ...c, title: t('unavailable.title'), description: t('unavailable.text'), path: paths.search(lang), noindex: true, query: q },
    html`<h1>${t('unavailable.title')}</h1><p data-testid="search-unavailable">${t('unavailable.text')}</p><p><a href="${paths.home(lang)}">${t('notFound.home')}</a></p>`);
}
