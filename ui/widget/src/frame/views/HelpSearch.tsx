/** Help-center search (GET /help-center/:lang/search): highlighted hits that open the article in a new tab. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { lang, t } from '../i18n';

type Hit = { articleId: number; title: string; titleHtml: string; snippetHtml: string; url: string };

/** titleHtml/snippetHtml are escaped text with <mark> only (contract): rebuild them as nodes, never innerHTML. */
function Marked({ html }: { html: string }) {
  const parts = html.split(/(<mark>.*?<\/mark>)/g);
  const text = (s: string) => new DOMParser().parseFromString(s, 'text/html').documentElement.textContent ?? '';
  return <>{parts.map((p, i) => (p.startsWith('<mark>') ? <mark key={i}>{text(p.slice(6, -7))}</mark> : text(p)))}</>;
}

export function HelpSearch() {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (q.trim().length < 2) return setHits(null);
    const timer = setTimeout(() => {
      api<{ hits: Hit[] }>('GET', `/help-center/${lang}/search?q=${encodeURIComponent(q.trim())}&limit=8`)
        .then((r) => { setFailed(false); setHits(r.hits); }, () => { setFailed(true); setHits(null); });
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);
  return (
    <div class="form">
      <label for="help-q">{t('searchLabel')}</label>
      <input id="help-q" type="search" value={q} placeholder={t('searchPlaceholder')} onInput={(e) => setQ(e.currentTarget.value)} data-testid="widget-help-search" />
      <div aria-live="polite" data-testid="widget-help-results">
        {failed && <p class="error" role="alert">{t('errorGeneric')}</p>}
        {hits && !hits.length && <p class="muted">{t('searchNone')}</p>}
        {hits && hits.length > 0 && (
          <ul class="hits">
            {hits.map((h) => (
              <li key={h.articleId}>
                <a href={h.url} target="_blank" rel="noopener"><Marked html={h.titleHtml} /></a>
                <p class="muted small"><Marked html={h.snippetHtml} /></p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
