import type { PublicArticle } from '../help-center-source';
import { html, trusted } from '../html';
import { breadcrumbs, paths, renderPage, type PageMeta } from '../layout';
import { feedbackForm } from './feedback-form';
import { tutorialSteps } from './tutorial';

type Common = Pick<PageMeta, 'lang' | 't' | 'origin'>;

/** Plain text of sanitized HTML, for the meta description (block tags become spaces, inline tags vanish). */
const plain = (h: string) => h.replace(/<\/?(p|div|br|li|ul|ol|h\d|pre|blockquote|table|tr|td|th)\b[^>]*>/gi, ' ').replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();

export function describe(a: PublicArticle): string {
  const text = plain(a.bodyHtml || a.steps?.map((s) => s.bodyHtml).join(' ') || '') || a.title;
  return text.length > 160 ? `${text.slice(0, 157).replace(/\s+\S*$/, '')}…` : text;
}

/**
 * `/help/:lang/articles/:id-:slug`. `slugs` maps each published language to its slug (hreflang alternates);
 * `feedbackSent` shows the thanks instead of the form (after the no-JavaScript post).
 */
export function articlePage(c: Common, a: PublicArticle, slugs: Array<{ language: string; slug: string }>, feedbackSent: boolean): string {
  const { t, lang } = c;
  const path = paths.article(lang, a.id, a.slug);
  const updated = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(a.updatedAt));
  const main = html`${breadcrumbs(t, lang, [{ label: a.category.name, href: `${paths.home(lang)}#category-${a.category.id}` }, { label: a.section.name, href: `/help/${lang}/sections/${a.section.id}` }, { label: a.title }])}
<article class="card body" data-testid="article" aria-labelledby="article-h">
<h1 id="article-h">${a.title}${a.kind === 'tutorial' ? html`<span class="badge">${t('kind.tutorial')}</span>` : ''}</h1>
<p class="muted">${t('updated', { date: updated })}</p>
${trusted(a.bodyHtml)}
${a.kind === 'tutorial' && a.steps ? tutorialSteps(t, a.steps) : ''}
</article>
${a.related.length ? html`<nav class="card" aria-labelledby="related-h"><h2 id="related-h">${t('related')}</h2>
<ul class="plain" data-testid="related">${a.related.map((r) => html`<li><a href="${paths.article(lang, r.id, r.slug)}">${r.title}</a></li>`)}</ul></nav>` : ''}
${feedbackForm(t, { id: a.id, language: lang, path }, feedbackSent ? 'thanks' : 'form')}`;
  return renderPage({ ...c, title: a.title, description: describe(a), path, alternates: slugs.map((s) => ({ lang: s.language, path: paths.article(s.language, a.id, s.slug) })) }, main);
}
