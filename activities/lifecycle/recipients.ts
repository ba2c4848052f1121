import type { Queryable } from '../../db/knex';
import type { TicketRow } from '../../services/tickets/ticket.view';

const active = (db: Queryable) => db('workers').where('workers.active', true);

export async function teamLeads(db: Queryable, teamId: number | null): Promise<number[]> {
  if (teamId === null) return [];
  return (await active(db).join('team_members as m', 'm.worker_id', 'workers.id')
    .where({ 'm.team_id': teamId, 'm.role': 'lead' }).orderBy('workers.id').pluck('workers.id')) as number[];
}

export async function teamMembers(db: Queryable, teamId: number): Promise<number[]> {
  return (await active(db).join('team_members as m', 'm.worker_id', 'workers.id')
    .where({ 'm.team_id': teamId }).orderBy('workers.id').pluck('workers.id')) as number[];
}

export async function activeWorker(db: Queryable, workerId: number): Promise<number[]> {
  return (await active(db).where('workers.id', workerId).pluck('workers.id')) as number[];
}

/** The person answerable for the ticket: its assignee, else the leads of its team (nobody when unrouted). */
export async function assigneeOrLeads(db: Queryable, ticket: TicketRow, assigneeId: number | null = ticket.assignee_id): Promise<number[]> {
  if (assigneeId !== null) {
    const found = await activeWorker(db, assigneeId);
    if (found.length) return found;
  }
  return teamLeads(db, ticket.team_id);
}

/** Team leads, or every active supervisor when the ticket has no team or the team no lead: a breach is never silent. */
export async function leadsOrSupervisors(db: Queryable, ticket: TicketRow): Promise<number[]> {
  const leads = await teamLeads(db, ticket.team_id);
  if (leads.length) return leads;
  return (await active(db).where('workers.role', 'supervisor').orderBy('workers.id').pluck('workers.id')) as number[];
}
