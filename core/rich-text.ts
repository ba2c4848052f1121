import { convert } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

/** Mentions arrive as `<span data-type="mention" data-id="12" data-label="Alex">@Alex</span>` (inert data only). */
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'b', 'i', 'strong', 'em', 'u', 's', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'h1', 'h2', 'h3',
    'h4', 'hr', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'div',
  ],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], span: ['data-mention', 'data-type', 'data-id', 'data-label'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto', 'cid'],
  allowedSchemesByTag: { img: ['https', 'cid'] },
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
};

/**
 * Knowledge base articles (docs/knowledge-base.md) also keep callouts (`<div data-callout="info|warning|tip">`) and
 * the language class of code blocks (`<code class="language-ts">`); everything else is the message allowlist.
 */
const articleOptions: sanitizeHtml.IOptions = {
  ...options,
  allowedTags: [...(options.allowedTags as string[]), 'h5', 'h6', 'figure', 'figcaption', 'kbd'],
  allowedAttributes: {
    ...options.allowedAttributes,
    div: [{ name: 'data-callout', multiple: false, values: ['info', 'warning', 'tip'] }],
    code: ['class'],
  },
  allowedClasses: { code: ['language-*'] },
};

const toText = (html: string) =>
  convert(html, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'img', format: 'skip' }] }).trim();

/** An article body as stored: the article allowlist applied, plus its plain text for search. */
export function toStoredArticleHtml(raw: string): { html: string; text: string } {
  const html = sanitizeHtml(raw, articleOptions);
  return { html, text: toText(html) };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A message body in both forms we store: safe HTML (scripts, handlers, styles removed) and plain text. */
export function toStoredBody(input: { html?: string | undefined; text?: string | undefined }): { html: string; text: string } {
  if (input.html !== undefined) {
    const html = sanitizeHtml(input.html, options);
    return { html, text: toText(html) };
  }
  const text = (input.text ?? '').trim();
  const html = text
    .split(/\n{2,}/)
    .map((para) => `<p>${escapeHtml(para).replace(/\n/g, '<br>')}</p>`)
    .join('');
  return { html, text };
}
