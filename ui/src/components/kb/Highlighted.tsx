import { useMemo, type ReactNode } from 'react';

/** Search-engine text: HTML-escaped with `<mark>` around matches. Only the marks become elements; the rest is text. */
export function Highlighted({ html }: { html: string }) {
  const nodes = useMemo(() => {
    const body = new DOMParser().parseFromString(html, 'text/html').body;
    return Array.from(body.childNodes).map((n, i): ReactNode =>
      n.nodeName === 'MARK' ? <mark key={i}>{n.textContent}</mark> : n.textContent);
  }, [html]);
  return <>{nodes}</>;
}
