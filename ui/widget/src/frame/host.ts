/**
 * The frame's side of the postMessage bridge. Only the parent window is listened to; on a customer's site its
 * origin must be one of the allowed origins (when the admin set any), in the admin preview it must be Lantern itself.
 */
import type { HostUser } from './session';
import type { WidgetConfig } from './api';

const MSG = 'lantern-widget';
export type InitMessage = { user: HostUser | null; language?: string };
export type PreviewSettings = Partial<WidgetConfig> & { greeting?: string | Record<string, string>; defaultLanguage?: string };

export const framed = () => window.parent !== window;

export function toParent(type: string, extra: Record<string, unknown> = {}): void {
  // The host page's origin is not known for certain, and these messages carry nothing secret.
  if (framed()) window.parent.postMessage({ source: MSG, type, ...extra }, '*');
}

function validUser(u: unknown): HostUser | null {
  if (!u || typeof u !== 'object') return null;
  const o = u as Record<string, unknown>;
  if (typeof o.id !== 'string' && typeof o.id !== 'number') return null;
  if (typeof o.hash !== 'string') return null;
  return { id: String(o.id), hash: o.hash, ...(typeof o.name === 'string' && { name: o.name }), ...(typeof o.email === 'string' && { email: o.email }) };
}

/** Resolves with the host page's identity (null when anonymous or not framed; after 1.5 s without an answer). */
export function waitForInit(allowedOrigins: string[]): Promise<InitMessage> {
  if (!framed()) return Promise.resolve({ user: null });
  return new Promise((resolve) => {
    const timer = setTimeout(() => done({ user: null }), 1500);
    function done(m: InitMessage) {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve(m);
    }
    function onMessage(e: MessageEvent) {
      if (e.source !== window.parent) return;
      if (allowedOrigins.length && !allowedOrigins.includes(e.origin)) return;
      const d = e.data as { source?: string; type?: string; user?: unknown; language?: unknown } | null;
      if (d?.source !== MSG || d.type !== 'init') return;
      done({ user: validUser(d.user), ...(typeof d.language === 'string' && { language: d.language }) });
    }
    window.addEventListener('message', onMessage);
    toParent('ready');
  });
}

/** Admin preview: unsaved settings from the admin console (same origin only). */
export function onPreviewSettings(apply: (s: PreviewSettings) => void): () => void {
  function onMessage(e: MessageEvent) {
    if (e.source !== window.parent || e.origin !== location.origin) return;
    const d = e.data as { source?: string; type?: string; settings?: PreviewSettings } | null;
    if (d?.source === MSG && d.type === 'preview' && d.settings) apply(d.settings);
  }
  window.addEventListener('message', onMessage);
  toParent('preview-ready');
  return () => window.removeEventListener('message', onMessage);
}
