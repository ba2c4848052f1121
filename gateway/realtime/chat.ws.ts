import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { LanternError, type FieldError } from '../../core/errors';
import { actorOf, type Principal } from '../../core/principal';
import { chatClientMessage, type ChatClientMessage } from '../../core/schemas/chat.schema';
import { principalFromApiKey, principalFromSession } from '../../services/auth/principal.service';
import { closeChat, getChat, markChatRead, postChatFile, postChatMessage, queuePositions, sendTyping, transferChat } from '../../services/chat/chat.service';
import { VISITOR_TOKEN_PREFIX, principalFromVisitorToken } from '../../services/chat/visitor-token';
import type { TicketEventHub, TicketRoomEvent } from '../../services/realtime/ticket-events.hub';
import { canSeeTicket } from '../../services/tickets/ticket.scope';
import type { AppDeps } from '../deps';
import { SESSION_COOKIE } from '../http/auth.middleware';
import { fieldErrors } from '../http/route';
import { statusOf } from '../http/problem';

export const CHAT_WS_PATH = '/api/v1/chat/ws';
const MAX_MESSAGE_BYTES = 64 * 1024;
const HEARTBEAT_MS = 30_000;
/** How often waiting customers get their queue position again (others' chats leaving the queue move it). */
const QUEUE_TICK_MS = 5_000;
/** Frames a socket may send per window; more answer `error` 429 and are dropped (a flood cannot fill the pool). */
const FRAMES_PER_WINDOW = 50;
const FRAME_WINDOW_MS = 10_000;

type Conn = { ws: WebSocket; principal: Principal; ticketId: number; alive: boolean; chain: Promise<void>; windowStart: number; frames: number };
type Room = { conns: Set<Conn>; waiting: boolean; lastPosition: number | null; ready: Promise<() => void> };

class Refusal extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/**
 * Who connects: `Authorization: Bearer` (session token, API key or visitor token), a visitor token in
 * `?visitorToken=` (browsers cannot set headers on a WebSocket; visitor tokens are scoped to the visitor's own
 * chats), or the session cookie. Cookie connections must come from our own origin: a cookie is sent by the browser
 * whoever opened the socket (cross-site WebSocket hijacking); bearer and visitor tokens are not ambient.
 */
async function authenticate(req: IncomingMessage, url: URL, deps: AppDeps): Promise<Principal> {
  const header = req.headers.authorization;
  const queryToken = url.searchParams.get('visitorToken');
  let token: string | null = null;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new Refusal(401, 'Authorization must be "Bearer <token>"');
    token = m[1]!;
  } else if (queryToken) {
    if (!queryToken.startsWith(VISITOR_TOKEN_PREFIX)) throw new Refusal(401, 'Only visitor tokens may be passed in the query string');
    token = queryToken;
  }
  let principal: Principal | null;
  if (token) {
    principal = token.startsWith(VISITOR_TOKEN_PREFIX) ? await principalFromVisitorToken(deps.db, deps.config, token)
      : token.startsWith('lk_') ? await principalFromApiKey(deps.db, token) : await principalFromSession(deps.db, token);
  } else {
    const cookie = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (!cookie) throw new Refusal(401, 'Sign in, or send a session, API or visitor token');
    const origin = req.headers.origin;
    const own = [`http://${req.headers.host}`, `https://${req.headers.host}`, ...(deps.config.http.publicUrl ? [new URL(deps.config.http.publicUrl).origin] : [])];
    if (!origin || !own.includes(origin)) throw new Refusal(403, 'Cookie-authenticated chat connections must come from this site (Origin check)');
    principal = await principalFromSession(deps.db, cookie);
  }
  if (!principal) throw new Refusal(401, 'The token is invalid, expired or revoked');
  if (principal.kind === 'worker' && principal.twoFactorSetupRequired) throw new Refusal(403, 'Set up two-factor authentication first');
  if (!principal.permissions.has('tickets:read') || !principal.permissions.has('entries:read')) throw new Refusal(403, 'This needs the tickets:read and entries:read permissions');
  return principal;
}

function refuse(socket: Duplex, status: number, detail: string): void {
  const title = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  socket.end(`HTTP/1.1 ${status} ${title}\r\n`
    + `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

const send = (c: Conn, event: Record<string, unknown>) => { if (c.ws.readyState === WebSocket.OPEN) c.ws.send(JSON.stringify(event)); };

/** Problem-like error event: RFC 9457 members plus `type: "error"` so clients can switch on it. */
function errorEvent(err: unknown): Record<string, unknown> {
  if (err instanceof LanternError) {
    return { type: 'error', problem: `urn:lantern:problem:${err.code}`, status: statusOf(err.code), detail: err.message, ...(err.details.fields && { errors: err.details.fields }) };
  }
  return { type: 'error', problem: 'urn:lantern:problem:internal', status: 500, detail: 'Something went wrong on our side; it has been logged.' };
}

/**
 * `GET /api/v1/chat/ws?ticketId=N`: the live chat of one chat ticket (docs/chat.md). Attached to the HTTP server
 * the gateway listens on (createApp wraps `listen`), so `npm start` and tests get it the same way. One hub room
 * listener per ticket and process; the sockets of that ticket share it.
 */
export function attachChatSocket(server: Server, deps: AppDeps, hub: TicketEventHub): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const rooms = new Map<number, Room>();
  const workerNames = new Map<number, string>();

  async function agentOf(workerId: number): Promise<{ id: number; name: string }> {
    let name = workerNames.get(workerId);
    if (name === undefined) {
      name = ((await deps.db('workers').where({ id: workerId }).first<{ name: string } | undefined>('name'))?.name) ?? 'Agent';
      workerNames.set(workerId, name);
    }
    return { id: workerId, name };
  }

  const broadcast = (room: Room, event: Record<string, unknown>, only?: (c: Conn) => boolean) => {
    for (const c of room.conns) if (!only || only(c)) send(c, event);
  };

  /** A transfer or team change can take the ticket out of an agent's sight: their socket is closed (4404). */
  function dropWhoLostSight(room: Room, e: TicketRoomEvent): void {
    const t = e.payload.ticket as { requesterId?: unknown; teamId?: number | null; assigneeId?: number | null } | undefined;
    if (!t || typeof t.requesterId !== 'number') return;
    const placement = { requester_id: t.requesterId, team_id: t.teamId ?? null, assignee_id: t.assigneeId ?? null };
    for (const c of room.conns) {
      if (canSeeTicket(c.principal, placement)) continue;
      send(c, errorEvent(new LanternError('not_found', `Chat ${e.ticketId} is no longer visible to you`)));
      c.ws.close(4404, 'no longer visible');
      leave(c);
    }
  }

  async function onEvent(room: Room, e: TicketRoomEvent): Promise<void> {
    if (e.type === 'ticket.updated') dropWhoLostSight(room, e);
    if (e.type === 'message.created') {
      broadcast(room, { type: 'message', entry: e.payload.entry });
    } else if (e.type === 'assignee.changed' && typeof e.payload.to === 'number') {
      room.waiting = false;
      broadcast(room, { type: 'assigned', agent: await agentOf(e.payload.to) });
    } else if (e.type === 'status.changed') {
      const to = e.payload.to as { category?: string } | undefined;
      if (to?.category === 'solved' || to?.category === 'closed') broadcast(room, { type: 'closed', reason: 'solved', emailTicket: false, needsEmail: false });
    }
  }

  async function sendPositions(only?: number): Promise<void> {
    const ids = only !== undefined ? [only] : [...rooms].filter(([, r]) => r.waiting).map(([id]) => id);
    if (!ids.length) return;
    const positions = await queuePositions(deps.db, ids);
    for (const id of ids) {
      const room = rooms.get(id);
      const position = positions.get(id) ?? null;
      if (!room || (only === undefined && position === room.lastPosition)) continue;
      room.lastPosition = position;
      if (position !== null) broadcast(room, { type: 'queue_position', position }, (c) => c.principal.kind === 'customer');
    }
  }

  function onSignal(room: Room, ticketId: number, s: Record<string, unknown>): void {
    const by = s.by as { type: string; id: number } | undefined;
    const notSender = (c: Conn) => !by || c.principal.kind !== by.type || c.principal.id !== by.id;
    switch (s.kind) {
      case 'typing': broadcast(room, { type: 'typing', by, typing: s.typing }, notSender); break;
      case 'read': broadcast(room, { type: 'read', by, upToEntryId: s.upToEntryId }); break;
      case 'transferred': broadcast(room, { type: 'transferred', to: s.to }); break;
      case 'closed': room.waiting = false; broadcast(room, { type: 'closed', reason: s.reason, emailTicket: s.emailTicket, needsEmail: s.needsEmail }); break;
      case 'queue': room.waiting = true; void sendPositions(ticketId).catch((err: unknown) => deps.logger.warn({ err, ticketId }, 'queue position not sent')); break;
      default: break;
    }
  }

  let ticker: NodeJS.Timeout | null = null;
  function tick(): void {
    for (const c of wss.clients) {
      const conn = conns.get(c);
      if (!conn) continue;
      if (!conn.alive) { c.terminate(); continue; }
      conn.alive = false;
      c.ping();
    }
  }
  const conns = new WeakMap<WebSocket, Conn>();
  const heartbeat = setInterval(tick, HEARTBEAT_MS);
  heartbeat.unref();

  function join(c: Conn, waiting: boolean): Promise<() => void> {
    let room = rooms.get(c.ticketId);
    if (!room) {
      const r: Room = { conns: new Set(), waiting, lastPosition: null, ready: Promise.resolve(() => {}) };
      r.ready = hub.subscribeTicket(c.ticketId, {
        onEvent: (e) => { onEvent(r, e).catch((err: unknown) => deps.logger.warn({ err, ticketId: c.ticketId }, 'chat event not delivered')); },
        onSignal: (s) => onSignal(r, s.t, s),
      });
      rooms.set(c.ticketId, r);
      room = r;
    }
    room.conns.add(c);
    if (!ticker) {
      ticker = setInterval(() => { void sendPositions().catch((err: unknown) => deps.logger.warn({ err }, 'queue positions not sent')); }, QUEUE_TICK_MS);
      ticker.unref();
    }
    return room.ready;
  }

  function leave(c: Conn): void {
    const room = rooms.get(c.ticketId);
    if (!room) return;
    room.conns.delete(c);
    if (room.conns.size === 0) {
      rooms.delete(c.ticketId);
      void room.ready.then((unsubscribe) => unsubscribe());
    }
    if (rooms.size === 0 && ticker) { clearInterval(ticker); ticker = null; }
  }

  async function handle(c: Conn, raw: string): Promise<void> {
    let json: unknown;
    try { json = JSON.parse(raw); } catch { return send(c, errorEvent(new LanternError('bad_request', 'Messages are JSON objects with a "type"'))); }
    const parsed = chatClientMessage.safeParse(json);
    if (!parsed.success) {
      const fields: FieldError[] = fieldErrors(parsed.error, '');
      return send(c, errorEvent(new LanternError('validation', 'The chat message is invalid', { fields })));
    }
    const m: ChatClientMessage = parsed.data;
    const actor = actorOf(c.principal);
    const { db } = deps;
    switch (m.type) {
      case 'message': await postChatMessage(db, c.principal, actor, c.ticketId, { text: m.text }); break;
      case 'file': await postChatFile(db, c.principal, actor, c.ticketId, { attachmentId: m.attachmentId, text: m.text }); break;
      case 'typing': await sendTyping(db, c.principal, c.ticketId, m.typing); break;
      case 'read': await markChatRead(db, c.principal, c.ticketId, m.upToEntryId); break;
      case 'transfer': await transferChat(db, c.principal, actor, c.ticketId, { workerId: m.workerId, teamId: m.teamId }); break;
      case 'close': await closeChat(db, c.principal, actor, c.ticketId); break;
    }
  }

  wss.on('connection', (ws: WebSocket, _req: IncomingMessage, principal: Principal, ticketId: number, waiting: boolean) => {
    const c: Conn = { ws, principal, ticketId, alive: true, chain: Promise.resolve(), windowStart: Date.now(), frames: 0 };
    conns.set(ws, c);
    ws.on('pong', () => { c.alive = true; });
    ws.on('message', (data, isBinary) => {
      const now = Date.now();
      if (now - c.windowStart >= FRAME_WINDOW_MS) { c.windowStart = now; c.frames = 0; }
      if (++c.frames > FRAMES_PER_WINDOW) return send(c, errorEvent(new LanternError('rate_limited', `At most ${FRAMES_PER_WINDOW} messages per ${FRAME_WINDOW_MS / 1000} s`)));
      if (isBinary) return send(c, errorEvent(new LanternError('unsupported_media_type', 'Send JSON text messages')));
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
      // One message at a time per socket, so a sender's messages are stored in the order sent.
      c.chain = c.chain.then(() => handle(c, text)).catch((err: unknown) => {
        if (!(err instanceof LanternError)) deps.logger.error({ err, ticketId }, 'chat message failed');
        send(c, errorEvent(err));
      });
    });
    ws.on('close', () => leave(c));
    ws.on('error', () => leave(c));
    void join(c, waiting).then(async () => {
      // After the room listens, so nothing committed from here on is missed; the client reads history over REST.
      send(c, { type: 'ready', chat: await getChat(deps.db, principal, ticketId) });
      if (waiting && principal.kind === 'customer') await sendPositions(ticketId);
    }).catch((err: unknown) => send(c, errorEvent(err)));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== CHAT_WS_PATH) return refuse(socket, 404, `No WebSocket endpoint at ${url.pathname}`);
    void (async () => {
      const principal = await authenticate(req, url, deps);
      const ticketId = Number(url.searchParams.get('ticketId'));
      if (!Number.isSafeInteger(ticketId) || ticketId <= 0) throw new Refusal(400, 'ticketId must be a chat ticket id');
      const chat = await getChat(deps.db, principal, ticketId);
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, principal, ticketId, chat.state === 'waiting'));
    })().catch((err: unknown) => {
      if (err instanceof Refusal) return refuse(socket, err.status, err.message);
      if (err instanceof LanternError) return refuse(socket, statusOf(err.code), err.message);
      deps.logger.error({ err }, 'chat upgrade failed');
      refuse(socket, 400, 'Could not open the chat');
    });
  });

  // The HTTP server waits for upgraded sockets on close: end them first, so a stopping process is not held open.
  const closeServer = server.close.bind(server);
  server.close = ((cb?: (err?: Error) => void) => {
    clearInterval(heartbeat);
    if (ticker) clearInterval(ticker);
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    return closeServer(cb);
  }) as Server['close'];
}
