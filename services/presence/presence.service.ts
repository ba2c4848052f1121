import { LanternError } from '../../core/errors';
import type { Principal } from '../../core/principal';
import type { PresenceState } from '../../core/schemas/presence.schema';
import type { Queryable } from '../../db/knex';
import { getVisibleTicket } from '../tickets/tickets.service';

/** The UI heartbeats every 15 s; a presence lasts 40 s after the last one, so one lost heartbeat is forgiven. */
export const PRESENCE_TTL_MS = 40_000;

export type PresenceEntry = { workerId: number; name: string; state: PresenceState; since: string };

function assertWorker(p: Principal): asserts p is Extract<Principal, { kind: 'worker' }> {
  if (p.kind !== 'worker') throw new LanternError('bad_request', 'Only workers have a presence on tickets');
}

/**
 * Presence is transient (a heartbeat every 15 s per open ticket page), so it is not audited and publishes no
 * domain event; the table's trigger NOTIFYs live streams when someone arrives, changes state or leaves.
 * Expired rows are swept here, which tells their tickets' viewers too.
 */
export async function heartbeat(db: Queryable, p: Principal, ticketId: number, state: PresenceState): Promise<void> {
  assertWorker(p);
  await getVisibleTicket(db, p, ticketId);
  await db.raw(
    `INSERT INTO ticket_presence (ticket_id, worker_id, state, since, expires_at)
     VALUES (?, ?, ?, now(), now() + make_interval(secs => ?))
     ON CONFLICT (ticket_id, worker_id) DO UPDATE SET
       state = EXCLUDED.state,
       since = CASE WHEN ticket_presence.state <> EXCLUDED.state OR ticket_presence.expires_at <= now() THEN now() ELSE ticket_presence.since END,
       expires_at = EXCLUDED.expires_at`,
    [ticketId, p.id, state, PRESENCE_TTL_MS / 1000],
  );
  await db('ticket_presence').where('expires_at', '<', db.fn.now()).delete();
}

/** Left the page: gone at once rather than after the expiry. */
export async function leave(db: Queryable, p: Principal, ticketId: number): Promise<void> {
  assertWorker(p);
  await getVisibleTicket(db, p, ticketId);
  await db('ticket_presence').where({ ticket_id: ticketId, worker_id: p.id }).delete();
}

/** Who else has the ticket open right now, longest first; expired entries are left out. */
export async function listPresence(db: Queryable, p: Principal, ticketId: number): Promise<PresenceEntry[]> {
  assertWorker(p);
  await getVisibleTicket(db, p, ticketId);
  const rows = await db('ticket_presence as tp').join('workers as w', 'w.id', 'tp.worker_id')
    .where('tp.ticket_id', ticketId).whereNot('tp.worker_id', p.id).where('tp.expires_at', '>', db.fn.now())
    .orderBy([{ column: 'tp.since' }, { column: 'tp.worker_id' }])
    .select<{ worker_id: number; name: string; state: PresenceState; since: Date }[]>('tp.worker_id', 'w.name', 'tp.state', 'tp.since');
  return rows.map((r) => ({ workerId: r.worker_id, name: r.name, state: r.state, since: r.since.toISOString() }));
}
