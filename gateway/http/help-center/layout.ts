/** The page shell every help-center page shares: SEO head, header with search and language links, footer. */
import { articleUrl } from '../../../core/kb';
import { html, trusted, type SafeHtml } from './html';
import { HELP_LANGUAGES, type HelpLanguage, type HelpT } from './locales';
import { HELP_CENTER_CSS } from './styles';

export const paths = {
  home: (lang: string) => `/help/${lang}`,
  section: (lang: string, id: number, slug: string) => `/help/${lang}/sections/${id}-${slug}`,
  article: articleUrl,
  search: (lang: string, q?: string) => `/help/${lang}/search${q ? `?q=${encodeURIComponent(q)}` : ''}`,
};

export type PageMeta = {
  lang: HelpLanguage;
  t: HelpT;
  title: string;
  description: string;
  /** Absolute origin for canonical and hreflang URLs (LANTERN_PUBLIC_URL, else the request's). */
  origin: string;
  /** This page's path; also its canonical URL unless `noindex`. */
  path: string;
  /** The same page in other languages (only published ones); default: each language's home. */
  alternates?: Array<{ lang: string; path: string }>;
  noindex?: boolean;
  /** The search box's current value. */
  query?: string;
  /** A big search hero instead of the plain header search (home and search pages). */
  hero?: string;
};

function languageLinks(meta: PageMeta): SafeHtml {
  const order = (lang: string) => (HELP_LANGUAGES as readonly string[]).indexOf(lang);
  const links = [...(meta.alternates ?? HELP_LANGUAGES.map((l) => ({ lang: l, path: paths.home(l) })))].sort((a, b) => order(a.lang) - order(b.lang));
  const items = links.map((a) => {
    const name = meta.t(`languageName.${a.lang}`, { defaultValue: a.lang });
    return a.lang === meta.lang
      ? html`<li><a href="${a.path}" hreflang="${a.lang}" lang="${a.lang}" aria-current="page">${name}</a></li>`
      : html`<li><a href="${a.path}" hreflang="${a.lang}" lang="${a.lang}">${name}</a></li>`;
  });
  return html`<nav aria-label="${meta.t('languageLabel')}"><ul>${items}</ul></nav>`;
}

function searchForm(meta: PageMeta): SafeHtml {
  const { t, lang } = meta;
  return html`<form class="search" role="search" action="${paths.search(lang)}" method="get">
<label for="help-q" class="sr">${t('searchLabel')}</label>
<input id="help-q" type="search" name="q" value="${meta.query ?? ''}" placeholder="${t('searchPlaceholder')}" maxlength="200">
<button type="submit">${t('searchButton')}</button>
</form>`;
}

export function renderPage(meta: PageMeta, main: SafeHtml, extraHead?: SafeHtml): string {
  const { t, lang, origin } = meta;
  const siteName = t('siteName');
  const fullTitle = meta.title === siteName ? siteName : `${meta.title} – ${siteName}`;
  const alternates = meta.noindex ? [] : meta.alternates ?? [];
  const head = html`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${meta.description}">
${meta.noindex ? html`<meta name="robots" content="noindex">` : html`<link rel="canonical" href="${origin + meta.path}">`}
${alternates.map((a) => html`<link rel="alternate" hreflang="${a.lang}" href="${origin + a.path}">\n`)}
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${meta.description}">
<style>${trusted(HELP_CENTER_CSS)}</style>
${extraHead}`;
  const top = meta.hero
    ? html`<div class="hero"><h1>${meta.hero}</h1>${searchForm(meta)}</div>`
    : html`<div class="hero" style="padding-top:0">${searchForm(meta)}</div>`;
  return `<!doctype html>\n${html`<html lang="${lang}">
<head>
${head}
</head>
<body>
<a class="skip" href="#main">${t('skipToContent')}</a>
<header class="site">
<div class="bar"><a class="brand" href="${paths.home(lang)}">${siteName}</a>${languageLinks(meta)}</div>
${top}
</header>
<main id="main" tabindex="-1">
${main}
</main>
<footer class="site"><p>${t('contact')} <a href="/portal">${t('contactLink')}</a></p></footer>
</body>
</html>`.value}\n`;
}

/** Breadcrumbs: home, then the given trail (the last item is the current page, not a link). */
export function breadcrumbs(t: HelpT, lang: string, trail: Array<{ label: string; href?: string }>): SafeHtml {
  const items = [{ label: t('siteName'), href: paths.home(lang) }, ...trail];
  return html`<nav class="crumbs" aria-label="${t('breadcrumb')}"><ol>${items.map((i, n) =>
    n === items.length - 1 || !i.href ? html`<li aria-current="page">${i.label}</li>` : html`<li><a href="${i.href}">${i.label}</a></li>`)}</ol></nav>`;
}
