import { forbidden } from '../../core/errors';
import { can, type Principal } from '../../core/principal';
import type { Queryable } from '../../db/knex';

/**
 * Row-level rule for team leads (team_members.role = 'lead'), like ticket scope: admins (the global write
 * permission) manage everyone; a lead manages the members of the teams they lead and nobody else.
 */
async function leadsTeamOf(db: Queryable, leadId: number, workerId: number): Promise<boolean> {
  const row = await db('team_members as lead').join('team_members as m', 'm.team_id', 'lead.team_id')
    .where({ 'lead.worker_id': leadId, 'lead.role': 'lead', 'm.worker_id': workerId }).first('lead.team_id');
  return row !== undefined;
}

async function leads(db: Queryable, leadId: number, teamId: number): Promise<boolean> {
  return (await db('team_members').where({ worker_id: leadId, team_id: teamId, role: 'lead' }).first('team_id')) !== undefined;
}

/** Change a worker's routing profile: `workers:write`, or lead of a team the worker belongs to. */
export async function assertMayManageWorker(db: Queryable, p: Principal, workerId: number): Promise<void> {
  if (can(p, 'workers:write')) return;
  if (p.kind === 'worker' && await leadsTeamOf(db, p.id, workerId)) return;
  throw forbidden('Only admins and leads of the worker\'s team may change their routing profile');
}

/** Change a team's membership: `settings:write`, or lead of that team. */
export async function assertMayManageTeam(db: Queryable, p: Principal, teamId: number): Promise<void> {
  if (can(p, 'settings:write')) return;
  if (p.kind === 'worker' && await leads(db, p.id, teamId)) return;
  throw forbidden('Only admins and the team\'s leads may change its members');
}

/** Leads manage members, not leadership: appointing or removing a lead stays with admins. */
export function assertLeadsUnchanged(p: Principal, before: ReadonlyArray<{ workerId: number; role: string }>, after: ReadonlyArray<{ workerId: number; role: string }>): void {
  if (can(p, 'settings:write')) return;
  const leadIds = (list: ReadonlyArray<{ workerId: number; role: string }>) => list.filter((m) => m.role === 'lead').map((m) => m.workerId).sort((a, b) => a - b).join(',');
  if (leadIds(before) !== leadIds(after)) throw forbidden('Only admins may appoint or remove team leads');
}
