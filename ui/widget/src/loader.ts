/**
 * The one script sites embed (`<script src="https://<lantern>/widget/widget.js" async></script>`). It stays tiny:
 * it reads the public config, draws the launcher inside a CLOSED shadow root (no styles leak in or out), and only on
 * the first click creates the iframe `/widget/frame.html` from the Lantern origin, where the widget app runs.
 * Identity (`window.lanternSettings.user`) goes to the frame by postMessage, addressed to the Lantern origin only.
 */
import { launcherCss } from './loader-css';

type Config = { colors: { primary: string; primaryText: string }; position: string; language: string; allowedOrigins: string[] };
type Settings = { user?: { id: string; hash: string; name?: string; email?: string }; language?: string };
type LanternWindow = Window & { lanternSettings?: Settings; __lanternWidget?: boolean };

const MSG = 'lantern-widget';
const w = window as LanternWindow;
const script = document.currentScript as HTMLScriptElement | null;
const base = new URL(script?.src ?? '/widget/widget.js', location.href).origin;

let root: ShadowRoot | null = null;
let frame: HTMLIFrameElement | null = null;
let panel: HTMLDivElement | null = null;
let button: HTMLButtonElement | null = null;
let language = 'en';

const ICON_OPEN = '<svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
const ICON_CLOSE = '<svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true"><path stroke="currentColor" stroke-width="2.5" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/></svg>';
const LABELS: Record<string, [string, string]> = { en: ['Open support chat', 'Close support chat'], de: ['Support-Chat öffnen', 'Support-Chat schließen'] };
const label = (open: boolean) => (LABELS[language] ?? LABELS.en!)[open ? 1 : 0];

function post(message: Record<string, unknown>): void {
  frame?.contentWindow?.postMessage({ source: MSG, ...message }, base);
}

/** Open or close the panel; focus follows only when the visitor did it (never steal focus on page load). */
function setOpen(open: boolean, moveFocus = true): void {
  if (!root || !button) return;
  if (open && !frame) {
    panel = document.createElement('div');
    panel.className = 'panel';
    frame = document.createElement('iframe');
    frame.title = 'Support';
    frame.src = `${base}/widget/frame.html?language=${encodeURIComponent(language)}`;
    frame.allow = 'clipboard-write';
    panel.append(frame);
    root.append(panel);
  }
  panel?.classList.toggle('open', open);
  button.classList.toggle('open', open);
  button.setAttribute('aria-expanded', String(open));
  button.setAttribute('aria-label', label(open));
  button.innerHTML = open ? ICON_CLOSE : ICON_OPEN;
  if (!moveFocus) return;
  if (open) frame?.focus();
  else button.focus();
}

/** Messages from our frame only (its window and the Lantern origin): ready → send identity; close → close. */
function onMessage(e: MessageEvent): void {
  if (!frame || e.source !== frame.contentWindow || e.origin !== base) return;
  const data = e.data as { source?: string; type?: string } | null;
  if (!data || data.source !== MSG) return;
  if (data.type === 'ready') post({ type: 'init', user: w.lanternSettings?.user ?? null, language, pageUrl: location.href });
  if (data.type === 'close') setOpen(false);
}

function mount(config: Config): void {
  if (config.allowedOrigins.length && !config.allowedOrigins.includes(location.origin)) return; // not allowed here
  language = config.language;
  const host = document.createElement('lantern-widget');
  host.style.setProperty('all', 'initial', 'important');
  root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = launcherCss(config.colors.primary, config.colors.primaryText, config.position === 'bottom-left' ? 'left' : 'right');
  button = document.createElement('button');
  button.type = 'button';
  button.className = 'launcher';
  button.setAttribute('part', 'launcher');
  button.addEventListener('click', () => setOpen(!panel?.classList.contains('open')));
  root.append(style, button);
  setOpen(false, false);
  document.body.append(host);
  window.addEventListener('message', onMessage);
}

export function open(): void {
  setOpen(true);
}
export function close(): void {
  setOpen(false);
}

if (!w.__lanternWidget) {
  w.__lanternWidget = true;
  const wanted = w.lanternSettings?.language ?? document.documentElement.lang ?? navigator.language;
  fetch(`${base}/api/v1/widget/config?language=${encodeURIComponent((wanted || 'en').slice(0, 2).toLowerCase())}`)
    .then((r) => (r.ok ? (r.json() as Promise<Config>) : null))
    .then((config) => {
      if (!config) return;
      if (document.body) mount(config);
      else document.addEventListener('DOMContentLoaded', () => mount(config));
    })
    .catch(() => undefined); // the host page must never break because support is unreachable
}
