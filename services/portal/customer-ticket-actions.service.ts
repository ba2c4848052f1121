import { randomBytes } from 'node:crypto';
import { LanternError, forbidden } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import type { StatusCategory } from '../../core/ticket';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { sha256 } from '../auth/tokens';
import { publishEvent } from '../outbox.service';
import { applySystemChange, getVisibleTicket } from '../tickets/tickets.service';
import { isRequester } from '../tickets/ticket.scope';
import { workerTicketView, type TicketRow } from '../tickets/ticket.view';

/*
 * What a customer does to a ticket from the portal (docs/portal.md): close it, reopen it, rate its resolution.
 * Only the requester may, also when the organization shares its tickets. Ratings live in the CSAT `surveys`
 * table (one row per ticket and resolution, as the lifecycle's emailed surveys), so reports and worker stats
 * count them like answered surveys; a survey email for a resolution already rated is then never sent.
 */

const RESOLVED: readonly StatusCategory[] = ['solved', 'closed'];

async function requesterTicket(trx: Queryable, p: Principal, id: number, what: string): Promise<TicketRow> {
  const ticket = await getVisibleTicket(trx, p, id, { forUpdate: true });
  if (!isRequester(p, ticket)) throw forbidden(`Only the requester of this ticket can ${what} it`);
  return ticket;
}

/** The first active status of a category in the admin's order: what "closed" or "open" means in this workspace. */
async function statusOf(trx: Queryable, category: StatusCategory): Promise<number> {
  const row = await trx('statuses').where({ category, active: true }).orderBy([{ column: 'is_default', order: 'desc' }, 'position', 'id']).first<{ id: number } | undefined>('id');
  if (!row) throw new LanternError('conflict', `No active status of category ${category} is configured`);
  return Number(row.id);
}

export async function closeOwnTicket(db: Queryable, p: Principal, actor: Actor, id: number): Promise<TicketRow> {
  return db.transaction(async (trx) => {
    const ticket = await requesterTicket(trx, p, id, 'close');
    if (ticket.status_category === 'closed') throw new LanternError('conflict', 'This ticket is already closed');
    const statusId = await statusOf(trx, 'closed');
    const result = await applySystemChange(trx, actor, id, () => ({ statusId }));
    return result!.ticket;
  });
}

export async function reopenOwnTicket(db: Queryable, p: Principal, actor: Actor, id: number): Promise<TicketRow> {
  return db.transaction(async (trx) => {
    const ticket = await requesterTicket(trx, p, id, 'reopen');
    if (!RESOLVED.includes(ticket.status_category)) throw new LanternError('conflict', 'Only a solved or closed ticket can be reopened');
    const statusId = await statusOf(trx, 'open');
    const result = await applySystemChange(trx, actor, id, () => ({ statusId }));
    return result!.ticket;
  });
}

/**
 * The resolution a rating belongs to, counted like the lifecycle does (core/lifecycle/status-rules.ts): how many
 * times the ticket entered a solved status. A ticket closed without ever being solved is resolution 0.
 */
async function currentResolution(trx: Queryable, ticketId: number): Promise<number> {
  const [row] = await trx('ticket_status_history').where({ ticket_id: ticketId, category: 'solved' }).count<{ n: string }[]>('* as n');
  return Number(row?.n ?? 0);
}

/** Fold a rating change into a worker's CSAT stats in SQL (a re-rating changes the sum, not the count). */
async function adjustWorkerStats(trx: Queryable, workerId: number, delta: { count: number; sum: number }): Promise<void> {
  await trx.raw(
    `UPDATE workers SET stats = jsonb_set(stats, '{csat}', (
       SELECT jsonb_build_object('count', n, 'sum', s, 'average', CASE WHEN n > 0 THEN round(s::numeric / n, 2) END)
       FROM (SELECT coalesce((stats #>> '{csat,count}')::int, 0) + :count AS n, coalesce((stats #>> '{csat,sum}')::int, 0) + :sum AS s) x))
     WHERE id = :workerId`,
    { count: delta.count, sum: delta.sum, workerId },
  );
}

type SurveyRow = { id: number; resolution: number; worker_id: number | null; rating: number | null; comment: string | null; answered_at: Date | null };

export type RatingView = { resolution: number; rating: number; comment: string | null; ratedAt: string };

export async function rateOwnTicket(
  db: Queryable, p: Principal, actor: Actor, id: number, input: { rating: number; comment?: string | undefined },
): Promise<RatingView> {
  return db.transaction(async (trx) => {
    const ticket = await requesterTicket(trx, p, id, 'rate');
    if (!RESOLVED.includes(ticket.status_category)) throw new LanternError('conflict', 'Only a solved or closed ticket can be rated');
    const resolution = await currentResolution(trx, id);
    const comment = input.comment?.trim() ? input.comment.trim() : null;
    const existing = await trx('surveys').where({ ticket_id: id, resolution }).forUpdate().first<SurveyRow | undefined>('*');
    const workerId = existing?.worker_id ?? ticket.assignee_id;
    let survey: SurveyRow;
    if (existing) {
      [survey] = (await trx('surveys').where({ id: existing.id })
        .update({ rating: input.rating, comment, answered_at: trx.fn.now(), worker_id: workerId })
        .returning('*')) as [SurveyRow];
    } else {
      // Answered in the portal, not through an emailed link: the token is random and already expired, so unusable.
      [survey] = (await trx('surveys').insert({
        ticket_id: id, resolution, worker_id: workerId, token_hash: sha256(randomBytes(32).toString('hex')), expires_at: trx.fn.now(),
        rating: input.rating, comment, answered_at: trx.fn.now(),
      }).returning('*')) as [SurveyRow];
    }
    if (workerId !== null) {
      await adjustWorkerStats(trx, workerId, existing?.rating != null && existing.worker_id === workerId
        ? { count: 0, sum: input.rating - existing.rating }
        : { count: 1, sum: input.rating });
    }
    const text = `Customer satisfaction: ${input.rating}/5${comment ? ` — "${comment}"` : ''}${existing?.rating != null ? ' (updated)' : ''}`;
    await trx('conversation_entries').insert({
      ticket_id: id, kind: 'system_event', author_type: 'system', author_id: null, channel: 'internal',
      body_html: `<p>${text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`, body_text: text,
      metadata: JSON.stringify({ survey: { id: survey.id, resolution, rating: input.rating, via: 'portal' } }),
    });
    const view = { id: survey.id, ticketId: id, resolution, workerId, rating: input.rating, comment, via: 'portal' };
    await recordAudit(trx, actor, {
      action: existing?.rating != null ? 'survey.rerate' : 'survey.answer', entityType: 'survey', entityId: survey.id,
      before: existing ? { rating: existing.rating, comment: existing.comment } : null, after: view,
    });
    await publishEvent(trx, { type: 'survey.answered', entityType: 'ticket', entityId: id, payload: { survey: view, ticket: workerTicketView(ticket) } });
    return { resolution, rating: input.rating, comment, ratedAt: survey.answered_at!.toISOString() };
  });
}

export type RatingListItem = { resolution: number; solvedAt: string | null; rating: number; comment: string | null; ratedAt: string };

/** Every rated resolution of a visible ticket, oldest first (portal and emailed surveys alike). */
export async function listTicketRatings(db: Queryable, p: Principal, id: number): Promise<RatingListItem[]> {
  await getVisibleTicket(db, p, id);
  const surveys = await db('surveys').where({ ticket_id: id }).whereNotNull('rating').orderBy('resolution')
    .select<SurveyRow[]>('resolution', 'rating', 'comment', 'answered_at');
  const solved = await db('ticket_status_history').where({ ticket_id: id, category: 'solved' }).orderBy([{ column: 'changed_at' }, { column: 'id' }])
    .select<{ changed_at: Date }[]>('changed_at');
  const firstClosed = await db('ticket_status_history').where({ ticket_id: id, category: 'closed' }).orderBy('id').first<{ changed_at: Date } | undefined>('changed_at');
  return surveys.map((s) => {
    const at = s.resolution === 0 ? firstClosed?.changed_at : solved[s.resolution - 1]?.changed_at;
    return {
      resolution: s.resolution, solvedAt: at ? at.toISOString() : null, rating: s.rating!, comment: s.comment,
      ratedAt: (s.answered_at ?? new Date(0)).toISOString(),
    };
  });
}
