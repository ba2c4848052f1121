import type { Principal } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { ticketViewFor, type CustomerTicketView, type TicketRow, type TicketView } from './ticket.view';

export type TicketSla = { nextDeadlineAt: string | null; breached: boolean } | null;
export type TicketWithSla = TicketView & { sla: TicketSla };

/** SLA summary per ticket from its lifecycle instance, one query for a whole page; absent = no instance. */
export async function slaOf(db: Queryable, ticketIds: number[]): Promise<Map<number, NonNullable<TicketSla>>> {
  if (!ticketIds.length) return new Map();
  const rows = await db('lifecycle_instances').whereIn('ticket_id', ticketIds)
    .select<{ ticket_id: number; next_deadline_at: Date | null; breached: boolean }[]>('ticket_id', 'next_deadline_at', 'breached');
  return new Map(rows.map((r) => [r.ticket_id, { nextDeadlineAt: r.next_deadline_at?.toISOString() ?? null, breached: r.breached }]));
}

/**
 * Ticket views as the principal may see them, staff views with their `sla`. Kept out of `workerTicketView`,
 * which also feeds audit rows and event payloads, where a clock snapshot would only add noise.
 */
export async function ticketViewsWithSla(db: Queryable, p: Principal, rows: TicketRow[]): Promise<(TicketWithSla | CustomerTicketView)[]> {
  if (p.kind === 'customer') return rows.map((r) => ticketViewFor(p, r));
  const sla = await slaOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...(ticketViewFor(p, r) as TicketView), sla: sla.get(r.id) ?? null }));
}

export async function ticketViewWithSla(db: Queryable, p: Principal, row: TicketRow): Promise<TicketWithSla | CustomerTicketView> {
  return (await ticketViewsWithSla(db, p, [row]))[0]!;
}
