import { api, ApiError, getJson } from '../api';

/**
 * Web push for the customer portal (docs/notifications.md): subscribe this browser with the install's VAPID key,
 * hand the subscription to the API, and undo both. The service worker (ui/public/lantern-push-sw.js, served at
 * /lantern-push-sw.js) shows the notices and opens the ticket on click.
 */
const SW_URL = '/lantern-push-sw.js';
const STORED_ID = 'lantern.pushSubscriptionId';

export function pushSupported(): boolean {
  return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window && window.isSecureContext;
}

/** base64url (the API's VAPID key) → the bytes PushManager.subscribe wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

async function registration(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register(SW_URL);
  return navigator.serviceWorker.ready;
}

/**
 * Ask for permission, subscribe and register the subscription with the API. Throws when the browser cannot,
 * or the customer declined (`NotAllowedError`), so the caller can say why.
 */
export async function enablePush(): Promise<void> {
  if (!pushSupported()) throw new Error('Web push is not supported in this browser');
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new DOMException('Notifications were not allowed', 'NotAllowedError');
  const { publicKey } = await getJson<{ publicKey: string }>('/push/public-key');
  const reg = await registration();
  let sub = await reg.pushManager.getSubscription();
  const appKey = keyBytes(publicKey);
  // A subscription made with another key (a reinstalled server) cannot receive our pushes: replace it.
  const current = sub?.options.applicationServerKey ? new Uint8Array(sub.options.applicationServerKey) : null;
  if (sub && (!current || current.length !== appKey.length || current.some((b, i) => b !== appKey[i]))) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: appKey });
  const json = sub.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
  const { body } = await api<{ id: number }>('/push/subscriptions', { method: 'POST', body: { endpoint: json.endpoint, keys: json.keys } });
  localStorage.setItem(STORED_ID, String(body.id));
}

/** Remove this browser's subscription from the API and from the push service. */
export async function disablePush(): Promise<void> {
  const id = localStorage.getItem(STORED_ID);
  if (id) {
    await api(`/push/subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch((err: unknown) => {
      // Already gone (expired and deleted by the server): nothing left to remove there.
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    });
    localStorage.removeItem(STORED_ID);
  }
  if (!pushSupported()) return;
  const reg = await navigator.serviceWorker.getRegistration(SW_URL);
  const sub = await reg?.pushManager.getSubscription();
  await sub?.unsubscribe();
}

/** Whether this browser currently has a subscription we registered. */
export async function pushEnabled(): Promise<boolean> {
  if (!pushSupported() || !localStorage.getItem(STORED_ID)) return false;
  const reg = await navigator.serviceWorker.getRegistration(SW_URL);
  return Boolean(await reg?.pushManager.getSubscription());
}
