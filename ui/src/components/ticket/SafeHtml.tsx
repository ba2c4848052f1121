import { createElement, useMemo, type ReactNode } from 'react';

/**
 * Renders stored message HTML as React elements through an allowlist (tags as core/rich-text.ts keeps them).
 * The server already sanitizes; building elements ourselves means nothing in a body can ever run script here.
 */
const TAGS = new Set([
  'p', 'br', 'b', 'i', 'strong', 'em', 'u', 's', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'h1', 'h2', 'h3',
  'h4', 'hr', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'div',
]);
const VOID = new Set(['br', 'hr', 'img']);
const SAFE_LINK = /^(https?:|mailto:)/i;
// Inline images: our own attachment content, or https (customer mail); `cid:` parts cannot be shown.
// Knowledge-base files (article previews) are served publicly under /api/v1/help-center/files.
const SAFE_IMAGE = /^(\/api\/v1\/attachments\/\d+\/content$|\/api\/v1\/help-center\/files\/\d+\/[^/?#]+$|https:)/i;
const CALLOUT = /^(info|warning|tip)$/;

function convert(node: Node, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  const children = Array.from(el.childNodes).map(convert);
  if (!TAGS.has(tag)) return children;
  const props: Record<string, unknown> = { key };
  if (tag === 'a') {
    const href = el.getAttribute('href') ?? '';
    if (SAFE_LINK.test(href)) Object.assign(props, { href, target: '_blank', rel: 'noopener noreferrer nofollow' });
  }
  if (tag === 'img') {
    const src = el.getAttribute('src') ?? '';
    if (!SAFE_IMAGE.test(src)) return null;
    Object.assign(props, { src, alt: el.getAttribute('alt') ?? '', style: { maxWidth: '100%', height: 'auto' } });
  }
  if (tag === 'span' && el.getAttribute('data-type') === 'mention') {
    Object.assign(props, { className: 'lantern-mention', 'data-mention-id': el.getAttribute('data-id') ?? undefined });
  }
  if (tag === 'div' && CALLOUT.test(el.getAttribute('data-callout') ?? '')) props['data-callout'] = el.getAttribute('data-callout');
  if (tag === 'pre') props.style = { whiteSpace: 'pre-wrap', overflowX: 'auto' };
  return VOID.has(tag) ? createElement(tag, props) : createElement(tag, props, ...children);
}

export function SafeHtml({ html }: { html: string }) {
  const nodes = useMemo(() => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return Array.from(doc.body.childNodes).map(convert);
  }, [html]);
  return <div className="lantern-message">{nodes}</div>;
}
