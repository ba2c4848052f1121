import { LanternError, type FieldError } from '../../core/errors';
import { ROLE_PERMISSIONS, type WorkerRole } from '../../core/permissions';
import type { Actor, Principal } from '../../core/principal';
import type { EntryKind } from '../../core/ticket';
import type { Queryable } from '../../db/knex';
import { createNotifications } from '../lifecycle/notification.service';
import { canSeeTicket } from './ticket.scope';
import type { TicketRow } from './ticket.view';

export const MENTION_KIND = 'mention';
const EXCERPT_CHARS = 140;

/** The worker as the API would see them on their own request, to ask whether the ticket is visible to them. */
function workerPrincipal(w: { id: number; role: WorkerRole; all_tickets: boolean }, teamIds: number[]): Principal {
  return { kind: 'worker', id: w.id, role: w.role, allTickets: w.all_tickets, teamIds, permissions: ROLE_PERMISSIONS[w.role], via: 'session', viaId: 0 };
}

/**
 * Mentions are for internal notes, of active workers who can see the ticket (and so the note): anything else
 * answers 400 naming each bad id, before the entry is written. Returns the ids, each once, in the given order.
 */
export async function checkMentions(db: Queryable, kind: EntryKind, ticket: TicketRow, mentions: number[] | undefined): Promise<number[]> {
  if (!mentions?.length) return [];
  if (kind !== 'internal_note') {
    throw new LanternError('bad_request', 'Only internal notes can mention workers', { fields: [{ path: 'mentions', message: `not allowed on a ${kind.replace('_', ' ')}` }] });
  }
  const ids = [...new Set(mentions)];
  const workers = await db('workers').whereIn('id', ids).where({ active: true })
    .select<{ id: number; name: string; role: WorkerRole; all_tickets: boolean }[]>('id', 'name', 'role', 'all_tickets');
  const teams = await db('team_members').whereIn('worker_id', ids).select<{ worker_id: number; team_id: number }[]>('worker_id', 'team_id');
  const byId = new Map(workers.map((w) => [w.id, w]));
  const fields: FieldError[] = [];
  mentions.forEach((id, i) => {
    const w = byId.get(id);
    if (!w) fields.push({ path: `mentions.${i}`, message: `worker ${id} does not exist or is inactive` });
    else if (!canSeeTicket(workerPrincipal(w, teams.filter((t) => t.worker_id === id).map((t) => t.team_id)), ticket)) {
      fields.push({ path: `mentions.${i}`, message: `${w.name} (worker ${id}) cannot see this ticket` });
    }
  });
  if (fields.length) throw new LanternError('bad_request', 'Some mentioned workers cannot be notified; nothing was saved', { fields });
  return ids;
}

/** One `mention` notification per mentioned worker (not the author), idempotent per entry and worker. */
export async function notifyMentioned(
  db: Queryable, actor: Actor, entry: { id: number; ticketId: number; bodyText: string }, mentioned: number[],
): Promise<number[]> {
  const byWorkerId = actor.type === 'worker' ? actor.id : null;
  const recipients = mentioned.filter((id) => id !== byWorkerId);
  if (!recipients.length) return [];
  const author = byWorkerId ? await db('workers').where({ id: byWorkerId }).first<{ name: string } | undefined>('name') : undefined;
  const text = entry.bodyText.replace(/\s+/g, ' ').trim();
  return createNotifications(db, {
    idempotencyKey: `mention:entry:${entry.id}`,
    workerIds: recipients,
    kind: MENTION_KIND,
    ticketId: entry.ticketId,
    payload: {
      entryId: entry.id, byWorkerId, byName: author?.name ?? 'Integration',
      excerpt: text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text,
    },
  });
}
