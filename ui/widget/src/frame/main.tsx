/**
 * The frame's entry: read the public config, take the host page's identity (postMessage, checked), sign in, render.
 * `?preview=1` is the admin console's live preview: no session, settings arrive by postMessage.
 */
import { render } from 'preact';
import { api, type WidgetConfig } from './api';
import { App } from './App';
import { onPreviewSettings, waitForInit, type PreviewSettings } from './host';
import { setLanguage, t } from './i18n';
import { startSession } from './session';
import type { Availability } from './views/Home';
import './styles.css';

const params = new URLSearchParams(location.search);
const root = document.getElementById('app')!;

/** Optional parts show only when their API answers: the help center (categories) and the bot (its route exists). */
async function probe(config: WidgetConfig): Promise<Availability> {
  const help = config.features.helpCenter ? fetch(`/api/v1/help-center/${config.language}/categories`).then((r) => r.ok, () => false) : Promise.resolve(false);
  // Without credentials an existing bot route answers 401, a missing one 404: no conversation is created.
  const bot = config.features.bot ? fetch('/api/v1/bot/conversations', { method: 'POST' }).then((r) => r.status !== 404, () => false) : Promise.resolve(false);
  return { help: await help, bot: await bot, conversations: true };
}

function renderPreview(base: WidgetConfig) {
  const all: Availability = { help: true, bot: true, conversations: false };
  const draw = (c: WidgetConfig) => { setLanguage(c.language); render(<App config={c} available={all} preview />, root); };
  draw(base);
  onPreviewSettings((s: PreviewSettings) => {
    const language = s.defaultLanguage ?? base.language;
    const greeting = typeof s.greeting === 'object' ? (s.greeting[language] ?? '') : (s.greeting ?? base.greeting);
    draw({ ...base, ...s, language, greeting, features: { ...base.features, ...s.features } } as WidgetConfig);
  });
}

async function boot() {
  const config = await api<WidgetConfig>('GET', `/widget/config?language=${encodeURIComponent(params.get('language') ?? navigator.language)}`);
  setLanguage(config.language);
  if (params.get('preview') === '1') return renderPreview(config);
  const init = await waitForInit(config.allowedOrigins);
  if (init.language && init.language !== config.language) setLanguage(init.language);
  try {
    await startSession(init.user, config.language);
  } catch {
    // A bad or stale hash: continue as an anonymous visitor rather than show nothing.
  }
  render(<App config={config} available={await probe(config)} preview={false} />, root);
}

boot().catch(() => {
  root.innerHTML = '';
  const p = document.createElement('p');
  p.className = 'error pad';
  p.setAttribute('role', 'alert');
  p.textContent = t('errorGeneric');
  root.append(p);
});
