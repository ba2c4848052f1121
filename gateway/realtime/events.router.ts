import { PassThrough } from 'node:stream';
import Router from '@koa/router';
import { LanternError } from '../../core/errors';
import type { Principal } from '../../core/principal';
import type { TicketEventHub } from '../../services/realtime/ticket-events.hub';

const HEARTBEAT_MS = 25_000;

/**
 * `GET /api/v1/events`: a Server-Sent Events stream of ticket events the caller may see (permission tickets:read),
 * plus `notification` events (the caller's new notifications) and `presence` events (who views a ticket) for
 * workers. Each message names only the event type and ticket id; clients refetch through the API, so what they get stays
 * filtered by the same rules as every other read (no internal notes for customers). Kept out of the JSON route
 * table because it never ends, which the table's request/response contract (and its RBAC walk) assumes.
 */
export function eventsRouter(hub: TicketEventHub): Router {
  const router = new Router({ prefix: '/api/v1' });
  router.get('/events', async (ctx) => {
    const principal = ctx.state.principal as Principal | undefined;
    if (!principal) throw new LanternError('unauthenticated', 'Sign in or send an API key (Authorization: Bearer ...)');
    if (!principal.permissions.has('tickets:read')) throw new LanternError('forbidden', 'This needs the tickets:read permission');

    const stream = new PassThrough();
    let closed = false;
    let unsubscribe = () => {};
    const heartbeat = setInterval(() => stream.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    // Registered before subscribing, so a client gone while the listener connects still unsubscribes.
    ctx.req.once('close', () => {
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      stream.end();
    });
    unsubscribe = await hub.subscribe(principal, (live) => {
      // The client may leave while the subscription is being set up: never write to an ended stream.
      if (closed) return;
      // Only ticket events carry an id: they are outbox rows, the others have no replayable sequence.
      const id = live.event === 'ticket' ? `id: ${live.data.id}\n` : '';
      stream.write(`${id}event: ${live.event}\ndata: ${JSON.stringify(live.data)}\n\n`);
    });
    if (closed) {
      unsubscribe();
      return;
    }
    ctx.req.socket.setTimeout(0);

    ctx.status = 200;
    ctx.type = 'text/event-stream';
    ctx.set('Cache-Control', 'no-cache, no-transform');
    ctx.set('X-Accel-Buffering', 'no');
    stream.write('retry: 2000\n: connected\n\n');
    ctx.body = stream;
  });
  return router;
}
