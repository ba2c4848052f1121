import type { Calendar } from '../../core/lifecycle/calendar.schema';
import { type MetricsEntry, type MetricsStatusChange, type TicketMetrics, computeTicketMetrics } from '../../core/metrics/ticket-metrics';
import type { Queryable } from '../../db/knex';

/** The calendar business variants use: the lifecycle's calendar in use (teams have no calendar of their own). */
export async function calendarInUse(db: Queryable): Promise<Calendar | null> {
  const row = await db('lifecycle_settings as s').join('calendars as c', 'c.id', 's.calendar_id').where('s.id', 1)
    .first<{ time_zone: string; weekly_hours: Calendar['weeklyHours']; holidays: string[] } | undefined>('c.time_zone', 'c.weekly_hours', 'c.holidays');
  return row ? { timeZone: row.time_zone, weeklyHours: row.weekly_hours, holidays: row.holidays } : null;
}

type TicketDims = { id: number; created_at: Date; team_id: number | null; channel: string; priority_id: number; tags: string[]; assignee_id: number | null };

const num = (v: number | null) => v;
const date = (v: number | null) => (v === null ? null : new Date(v));

/**
 * Recompute one ticket's metrics from its history and store them; the workers who touched it are returned so
 * their stats can follow. Idempotent, and serialized per ticket by an advisory lock so an older snapshot never
 * overwrites a newer one. Null when the ticket is gone (its metrics went with it).
 */
export async function recomputeTicketMetrics(
  trx: Queryable, ticketId: number, calendar: Calendar | null,
): Promise<{ metrics: TicketMetrics; workerIds: number[] } | null> {
  await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('ticket_metrics'), ?::int)`, [ticketId % 2_147_483_647]);
  const ticket = await trx('tickets').where({ id: ticketId })
    .first<TicketDims | undefined>('id', 'created_at', 'team_id', 'channel', 'priority_id', 'tags', 'assignee_id');
  if (!ticket) return null;
  // Copies from a merge or split were answered (or not) on their own ticket: they do not count here.
  const entries = (await trx('conversation_entries').where({ ticket_id: ticketId }).whereIn('kind', ['customer_message', 'public_reply'])
    .whereRaw(`metadata->'copiedFrom' IS NULL`)
    .select('id', 'kind', 'author_type', 'author_id', 'created_at')).map((r): MetricsEntry => ({
    id: Number(r.id), kind: r.kind, authorType: r.author_type, authorId: r.author_id === null ? null : Number(r.author_id), at: (r.created_at as Date).getTime(),
  }));
  const statusHistory = (await trx('ticket_status_history').where({ ticket_id: ticketId })
    .select('id', 'category', 'changed_at', 'changed_by_type', 'changed_by_id')).map((r): MetricsStatusChange => ({
    id: Number(r.id), category: r.category, at: (r.changed_at as Date).getTime(),
    workerId: r.changed_by_type === 'worker' && r.changed_by_id !== null ? Number(r.changed_by_id) : null,
  }));
  const m = computeTicketMetrics({ entries, statusHistory, calendar });
  const row = {
    ticket_id: ticketId,
    created_at: ticket.created_at,
    team_id: ticket.team_id,
    channel: ticket.channel,
    priority_id: ticket.priority_id,
    tags: ticket.tags,
    assignee_id: ticket.assignee_id,
    first_response_ms: num(m.firstResponseMs),
    first_response_business_ms: num(m.firstResponseBusinessMs),
    first_responder_id: m.firstResponderId,
    reply_avg_ms: num(m.replyTimeAvgMs),
    reply_max_ms: num(m.replyTimeMaxMs),
    first_resolution_ms: num(m.firstResolutionMs),
    full_resolution_ms: num(m.fullResolutionMs),
    first_resolution_business_ms: num(m.firstResolutionBusinessMs),
    full_resolution_business_ms: num(m.fullResolutionBusinessMs),
    first_solved_at: date(m.firstSolvedAt),
    last_solved_at: date(m.lastSolvedAt),
    solved_by_id: m.solvedById,
    solved: m.solved,
    reopens: m.reopens,
    agent_replies: m.agentReplies,
    metrics: JSON.stringify(m),
    computed_at: trx.fn.now(),
  };
  await trx('ticket_metrics').insert(row).onConflict('ticket_id').merge();
  const workers = await trx('ticket_participants').where({ ticket_id: ticketId }).pluck<number[]>('worker_id');
  return { metrics: m, workerIds: workers.map(Number) };
}

/** Stored metrics of one ticket, as computed (null before the first recompute). */
export async function storedTicketMetrics(db: Queryable, ticketId: number): Promise<TicketMetrics | null> {
  const row = await db('ticket_metrics').where({ ticket_id: ticketId }).first<{ metrics: TicketMetrics } | undefined>('metrics');
  return row?.metrics ?? null;
}
