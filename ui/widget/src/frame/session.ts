/**
 * Who the visitor is: an identified host-site user (POST /widget/identify with the host's HMAC) or an anonymous
 * visitor (POST /chat/visitor-token, created only when needed). The token is kept in this frame's storage (the
 * Lantern origin, partitioned per embedding site by the browser), tied to the user id so users never mix.
 */
import { api, setToken } from './api';

export type HostUser = { id: string; hash: string; name?: string; email?: string };
type Stored = { token: string; expiresAt: string; userId: string | null; name?: string };
type TokenAnswer = { token: string; customerId: number; expiresAt: string };

const KEY = 'lantern-widget-session';

function load(): Stored | null {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Stored | null;
    return s && new Date(s.expiresAt).getTime() > Date.now() + 60_000 ? s : null;
  } catch {
    return null; // storage blocked (privacy settings): the session lives in memory only
  }
}

function save(s: Stored): void {
  setToken(s.token);
  try {
    localStorage.setItem(KEY, JSON.stringify(s));
  } catch {
    /* storage blocked: in memory only */
  }
}

let identifiedUser: string | null = null;
export const isIdentified = () => identifiedUser !== null;

/** Identified users sign in at once; a stored anonymous token is reused; otherwise nothing until needed. */
export async function startSession(user: HostUser | null, language: string): Promise<void> {
  const stored = load();
  if (user) {
    if (stored?.userId === user.id) {
      identifiedUser = user.id;
      setToken(stored.token);
      return;
    }
    const a = await api<TokenAnswer>('POST', '/widget/identify', {
      userId: user.id, userHash: user.hash, language, ...(user.name && { name: user.name }), ...(user.email && { email: user.email }),
    });
    identifiedUser = user.id;
    save({ token: a.token, expiresAt: a.expiresAt, userId: user.id });
    return;
  }
  if (stored && stored.userId === null) setToken(stored.token);
}

let pending: Promise<void> | null = null;

/** An anonymous visitor's token, created on first need with the pre-chat form's name. */
export async function ensureVisitor(name: string, language: string): Promise<void> {
  if (identifiedUser) return;
  const stored = load();
  if (stored?.userId === null) return setToken(stored.token);
  pending ??= api<TokenAnswer>('POST', '/chat/visitor-token', { name: name || 'Guest', language })
    .then((a) => save({ token: a.token, expiresAt: a.expiresAt, userId: null, name }))
    .finally(() => { pending = null; });
  await pending;
}

export const hasSession = () => identifiedUser !== null || load()?.userId === null;
