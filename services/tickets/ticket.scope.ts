import type { Knex } from 'knex';
import type { Principal } from '../../core/principal';

/**
 * Restrict a tickets query to what the principal may see: customers their own tickets, agents their teams'
 * tickets plus unrouted ones and those assigned to them; supervisors, admins, all-tickets agents and plugins all.
 */
export function scopeTickets<T extends Knex.QueryBuilder>(q: T, p: Principal): T {
  if (p.kind === 'customer') return q.where('tickets.requester_id', p.id) as T;
  if (p.kind === 'plugin') return q;
  if (p.allTickets || p.permissions.has('tickets:read_all')) return q;
  return q.where((w) =>
    w.whereIn('tickets.team_id', p.teamIds).orWhereNull('tickets.team_id').orWhere('tickets.assignee_id', p.id),
  ) as T;
}

export function canSeeTicket(p: Principal, t: { requester_id: number; team_id: number | null; assignee_id: number | null }): boolean {
  if (p.kind === 'customer') return t.requester_id === p.id;
  if (p.kind === 'plugin') return true;
  if (p.allTickets || p.permissions.has('tickets:read_all')) return true;
  return t.team_id === null || p.teamIds.includes(t.team_id) || t.assignee_id === p.id;
}
