import type { Knex } from 'knex';
import type { Principal } from '../../core/principal';

type CustomerPrincipal = Extract<Principal, { kind: 'customer' }>;

/** The organization whose shared tickets this customer reads, or null (docs/portal.md: organization sharing). */
export const sharedOrganizationOf = (p: CustomerPrincipal): number | null => (p.sharedTickets && p.organizationId !== null ? p.organizationId : null);

/**
 * Restrict a tickets query to what the principal may see: customers their own tickets (plus their organization's
 * when it shares tickets), agents their teams' tickets plus unrouted ones and those assigned to them;
 * supervisors, admins, all-tickets agents and plugins all.
 */
export function scopeTickets<T extends Knex.QueryBuilder>(q: T, p: Principal): T {
  if (p.kind === 'customer') {
    const org = sharedOrganizationOf(p);
    if (org === null) return q.where('tickets.requester_id', p.id) as T;
    return q.where((w) => w.where('tickets.requester_id', p.id)
      .orWhereIn('tickets.requester_id', (sub) => sub.select('id').from('customers').where('organization_id', org))) as T;
  }
  if (p.kind === 'plugin') return q;
  if (p.allTickets || p.permissions.has('tickets:read_all')) return q;
  return q.where((w) =>
    w.whereIn('tickets.team_id', p.teamIds).orWhereNull('tickets.team_id').orWhere('tickets.assignee_id', p.id),
  ) as T;
}

/** `requester_organization_id`: the requester's organization (services/tickets/ticket.repository.ts selects it). */
export function canSeeTicket(
  p: Principal, t: { requester_id: number; team_id: number | null; assignee_id: number | null; requester_organization_id?: number | null },
): boolean {
  if (p.kind === 'customer') {
    const org = sharedOrganizationOf(p);
    return t.requester_id === p.id || (org !== null && t.requester_organization_id === org);
  }
  if (p.kind === 'plugin') return true;
  if (p.allTickets || p.permissions.has('tickets:read_all')) return true;
  return t.team_id === null || p.teamIds.includes(t.team_id) || t.assignee_id === p.id;
}

/** Writes on a ticket by a customer (reply, close, reopen, rate) stay with its requester, even when shared. */
export const isRequester = (p: Principal, t: { requester_id: number }) => p.kind === 'customer' && t.requester_id === p.id;
