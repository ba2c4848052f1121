import type { PublicCategory } from '../help-center-source';
import { html } from '../html';
import { HELP_LANGUAGES } from '../locales';
import { paths, renderPage, type PageMeta } from '../layout';

type Common = Pick<PageMeta, 'lang' | 't' | 'origin'>;

/** `/help/:lang`: every category with its sections and how many articles each has. */
export function homePage(c: Common, all: PublicCategory[]): string {
  const { t, lang } = c;
  // Only what a visitor can open: sections with published articles in this language, categories with such sections.
  const categories = all.map((cat) => ({ ...cat, sections: cat.sections.filter((s) => s.articleCount > 0) })).filter((cat) => cat.sections.length);
  const cards = categories.map((cat) => html`<section class="card" id="category-${cat.id}" aria-labelledby="category-${cat.id}-h">
<h2 id="category-${cat.id}-h">${cat.name}</h2>
${cat.description ? html`<p class="muted">${cat.description}</p>` : ''}
<ul class="plain">${cat.sections.map((s) => html`<li><a href="${paths.section(lang, s.id, s.slug)}">${s.name}</a> <span class="muted">(${t('articleCount', { count: s.articleCount })})</span></li>`)}</ul>
</section>`);
  const main = categories.length
    ? html`<h2 class="sr">${t('siteName')}</h2><div class="grid" data-testid="help-categories">${cards}</div>`
    : html`<p class="card">${t('noCategories')}</p>`;
  return renderPage({ ...c, title: t('siteName'), description: t('homeDescription'), path: paths.home(lang), alternates: altHomes(), hero: t('homeTitle') }, main);
}

const altHomes = () => HELP_LANGUAGES.map((l) => ({ lang: l, path: paths.home(l) }));
