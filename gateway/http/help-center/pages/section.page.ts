import type { PublicSection } from '../help-center-source';
import { html } from '../html';
import { HELP_LANGUAGES } from '../locales';
import { breadcrumbs, paths, renderPage, type PageMeta } from '../layout';

type Common = Pick<PageMeta, 'lang' | 't' | 'origin'>;

/** `/help/:lang/sections/:id-:slug`: the section's published articles in this language. */
export function sectionPage(c: Common, data: PublicSection): string {
  const { t, lang } = c;
  const { section, articles } = data;
  const main = html`${breadcrumbs(t, lang, [{ label: section.categoryName, href: `${paths.home(lang)}#category-${section.categoryId}` }, { label: section.name }])}
<h1>${section.name}</h1>
${section.description ? html`<p>${section.description}</p>` : ''}
${articles.length
    ? html`<ul class="plain card" data-testid="section-articles">${articles.map((a) => html`<li><a href="${paths.article(lang, a.id, a.slug)}">${a.title}</a>${a.kind === 'tutorial' ? html`<span class="badge">${t('kind.tutorial')}</span>` : ''}</li>`)}</ul>`
    : html`<p class="card">${t('sectionEmpty')}</p>`}`;
  return renderPage({ ...c, title: section.name, description: section.description || `${section.categoryName} – ${section.name}`, path: paths.section(lang, section.id, section.slug),
    alternates: HELP_LANGUAGES.map((l) => ({ lang: l, path: paths.section(l, section.id, section.slug) })) }, main);
}
