/*
 * Lantern web push service worker (docs/notifications.md), served at /lantern-push-sw.js. The payload is the
 * JSON the server's web_push channel sends: { title, body, url, tag, ticketId }. The tag is the outbound message,
 * so a notice delivered twice (a retried send) is shown once. A click opens (or focuses) the portal ticket.
 */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'Lantern';
  event.waitUntil(self.registration.showNotification(title, {
    body: typeof data.body === 'string' ? data.body : '',
    tag: typeof data.tag === 'string' ? data.tag : undefined,
    data: { url: typeof data.url === 'string' ? data.url : '/portal' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const raw = (event.notification.data && event.notification.data.url) || '/portal';
  // Only ever open pages of this origin, whatever the payload says.
  const target = new URL(raw, self.location.origin);
  const url = target.origin === self.location.origin ? target.href : new URL('/portal', self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of windows) {
      if (client.url === url && 'focus' in client) return client.focus();
    }
    return self.clients.openWindow(url);
  })());
});
