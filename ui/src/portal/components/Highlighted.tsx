import { createElement, useMemo, type ReactNode } from 'react';

/** Search highlights: HTML-escaped text with `<mark>` around matches, rendered as elements (never innerHTML). */
export function Highlighted({ html }: { html: string }) {
  const nodes = useMemo(() => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return Array.from(doc.body.childNodes).map((n, i): ReactNode =>
      n.nodeType === Node.ELEMENT_NODE && (n as Element).tagName === 'MARK' ? createElement('mark', { key: i }, n.textContent) : n.textContent);
  }, [html]);
  return <>{nodes}</>;
}
