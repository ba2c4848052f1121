import pg from 'pg';
import type { Logger } from 'pino';
import type { Principal } from '../../core/principal';
import type { EventType } from '../../core/ticket';
import type { Db } from '../../db/knex';
import { TICKET_EVENTS_CHANNEL } from '../outbox.service';
import { canSeeTicket } from '../tickets/ticket.scope';

/** What a live client is told: which ticket changed and how. Never bodies: the client refetches through the API. */
export type TicketEventNotice = { id: number; type: EventType; ticketId: number };
/** A notification was created for this worker (the client refetches GET /notifications). */
export type NotificationNotice = { id: number; kind: string; ticketId: number | null };
/** Who is viewing or replying on a ticket changed (the client refetches GET /tickets/:id/presence). */
export type PresenceNotice = { ticketId: number };
/** One SSE message: its `event:` name and its `data`. */
export type LiveEvent =
  | { event: 'ticket'; data: TicketEventNotice }
  | { event: 'notification'; data: NotificationNotice }
  | { event: 'presence'; data: PresenceNotice };

/** Channels NOTIFYed by the triggers of migration 20261125000040_workspace (which spells them out itself). */
export const NOTIFICATIONS_CHANNEL = 'lantern_notifications';
export const PRESENCE_CHANNEL = 'lantern_presence';
/** Transient live-chat signals (typing, read receipts, queue and transfer notices), NOTIFYed by services/chat/chat-signal.ts. */
export const CHAT_CHANNEL = 'lantern_chat';

/** A committed ticket event with its payload, for listeners of one ticket (the live chat). */
export type TicketRoomEvent = { id: number; type: EventType; ticketId: number; payload: Record<string, unknown> };
/** Everything a live chat on one ticket hears: committed events and transient chat signals (`t` = ticket id). */
export type TicketRoomListener = { onEvent: (e: TicketRoomEvent) => void; onSignal: (signal: { t: number } & Record<string, unknown>) => void };

type Placement = { requester_id: number; team_id: number | null; assignee_id: number | null };
type HubEvent = TicketEventNotice & { placements: Placement[] };
type Subscriber = { principal: Principal; send: (event: LiveEvent) => void };

export type TicketEventHub = {
  /**
   * Receive committed ticket events the principal may see; resolves once this process is listening (so nothing
   * committed after that is missed) with the unsubscribe function.
   */
  subscribe: (principal: Principal, send: (event: LiveEvent) => void) => Promise<() => void>;
  /**
   * Listen to one ticket (live chat): its committed events with payloads and its chat signals. Callers keep one
   * listener per ticket and fan out to their sockets themselves, so the payload is read once per process.
   */
  subscribeTicket: (ticketId: number, listener: TicketRoomListener) => Promise<() => void>;
  /** Drop every subscriber and the LISTEN connection. */
  close: () => Promise<void>;
};

/** Events a customer never hears about, whatever the ticket. */
const STAFF_ONLY: ReadonlySet<string> = new Set<EventType>(['note.created']);

/** The pool's own connection settings (knex parsed the URL; the password is kept as a hidden property). */
function connectionSettingsOf(db: Db): pg.ClientConfig {
  return (db.client as { connectionSettings: pg.ClientConfig }).connectionSettings;
}

/** Where a ticket was (payload views) and is (current row): an event is visible if any of them is visible. */
function placementsOf(payload: Record<string, unknown>, row: Placement | undefined): Placement[] {
  const out: Placement[] = row ? [row] : [];
  for (const key of ['ticket', 'previous']) {
    const v = payload[key] as { requesterId?: number; teamId?: number | null; assigneeId?: number | null } | undefined;
    if (v && typeof v.requesterId === 'number') out.push({ requester_id: v.requesterId, team_id: v.teamId ?? null, assignee_id: v.assigneeId ?? null });
  }
  return out;
}

/**
 * Fans PostgreSQL NOTIFYs about ticket events, new notifications and presence changes out to live clients of
 * this process. Every gateway process has its
 * own hub, so all of them see every committed change. The LISTEN connection is opened with the first subscriber,
 * closed with the last, and reopened after an error (clients refetch when their stream reconnects).
 */
export function createTicketEventHub(opts: { db: Db; logger: Logger; reconnectMs?: number }): TicketEventHub {
  const subscribers = new Set<Subscriber>();
  const rooms = new Map<number, Set<TicketRoomListener>>();
  let roomListeners = 0;
  const listening = () => subscribers.size + roomListeners > 0;
  const reconnectMs = opts.reconnectMs ?? 1000;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let connecting: Promise<void> = Promise.resolve();

  async function deliver(outboxId: number, ticketId: number): Promise<void> {
    const row = await opts.db('outbox').where({ id: outboxId }).first<{ event_type: EventType; payload: Record<string, unknown> } | undefined>('event_type', 'payload');
    if (!row) return;
    const ticket = await opts.db('tickets').where({ id: ticketId }).first<Placement | undefined>('requester_id', 'team_id', 'assignee_id');
    for (const l of rooms.get(ticketId) ?? []) l.onEvent({ id: outboxId, type: row.event_type, ticketId, payload: row.payload });
    const event: HubEvent = { id: outboxId, type: row.event_type, ticketId, placements: placementsOf(row.payload, ticket) };
    for (const s of subscribers) {
      if (s.principal.kind === 'customer' && STAFF_ONLY.has(event.type)) continue;
      if (!event.placements.some((pl) => canSeeTicket(s.principal, pl))) continue;
      s.send({ event: 'ticket', data: { id: event.id, type: event.type, ticketId: event.ticketId } });
    }
  }

  /** A notification goes to its worker's streams only. */
  function deliverNotification(n: { id: number; w: number; k: string; t: number | null }): void {
    for (const s of subscribers) {
      if (s.principal.kind === 'worker' && s.principal.id === n.w) s.send({ event: 'notification', data: { id: n.id, kind: n.k, ticketId: n.t } });
    }
  }

  /** Presence is staff business: workers who can see the ticket hear about it. */
  async function deliverPresence(ticketId: number): Promise<void> {
    if (![...subscribers].some((s) => s.principal.kind === 'worker')) return;
    const ticket = await opts.db('tickets').where({ id: ticketId }).first<Placement | undefined>('requester_id', 'team_id', 'assignee_id');
    if (!ticket) return;
    for (const s of subscribers) {
      if (s.principal.kind === 'worker' && canSeeTicket(s.principal, ticket)) s.send({ event: 'presence', data: { ticketId } });
    }
  }

  function scheduleReconnect(): void {
    if (retry || !listening()) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, reconnectMs);
    retry.unref();
  }

  function connect(): Promise<void> {
    if (client || !listening()) return connecting;
    connecting = listen();
    return connecting;
  }

  async function listen(): Promise<void> {
    const c = new pg.Client(connectionSettingsOf(opts.db));
    client = c;
    const lost = (err?: unknown) => {
      if (client !== c) return;
      client = null;
      if (err) opts.logger.warn({ err }, 'ticket event listener lost its connection; reconnecting');
      c.end().catch(() => {});
      scheduleReconnect();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (msg) => {
      if (!msg.payload) return;
      if (msg.channel === TICKET_EVENTS_CHANNEL) {
        const { o, t } = JSON.parse(msg.payload) as { o: number; t: number };
        deliver(o, t).catch((err: unknown) => opts.logger.warn({ err, outboxId: o }, 'ticket event not delivered'));
      } else if (msg.channel === NOTIFICATIONS_CHANNEL) {
        deliverNotification(JSON.parse(msg.payload) as { id: number; w: number; k: string; t: number | null });
      } else if (msg.channel === CHAT_CHANNEL) {
        const signal = JSON.parse(msg.payload) as { t: number } & Record<string, unknown>;
        for (const l of rooms.get(signal.t) ?? []) l.onSignal(signal);
      } else if (msg.channel === PRESENCE_CHANNEL) {
        const { t } = JSON.parse(msg.payload) as { t: number };
        deliverPresence(t).catch((err: unknown) => opts.logger.warn({ err, ticketId: t }, 'presence event not delivered'));
      }
    });
    try {
      await c.connect();
      // One connection for all channels: one LISTEN connection per gateway process.
      await c.query(`LISTEN ${TICKET_EVENTS_CHANNEL}; LISTEN ${NOTIFICATIONS_CHANNEL}; LISTEN ${PRESENCE_CHANNEL}; LISTEN ${CHAT_CHANNEL}`);
    } catch (err) {
      lost(err);
    }
  }

  async function disconnect(): Promise<void> {
    if (retry) clearTimeout(retry);
    retry = null;
    const c = client;
    client = null;
    if (c) await c.end().catch(() => {});
  }

  return {
    async subscribe(principal, send) {
      const s: Subscriber = { principal, send };
      subscribers.add(s);
      await connect();
      return () => {
        subscribers.delete(s);
        if (!listening()) void disconnect();
      };
    },
    async subscribeTicket(ticketId, listener) {
      const room = rooms.get(ticketId) ?? new Set<TicketRoomListener>();
      rooms.set(ticketId, room);
      room.add(listener);
      roomListeners += 1;
      await connect();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        room.delete(listener);
        roomListeners -= 1;
        if (room.size === 0) rooms.delete(ticketId);
        if (!listening()) void disconnect();
      };
    },
    async close() {
      subscribers.clear();
      rooms.clear();
      roomListeners = 0;
      await disconnect();
    },
  };
}
