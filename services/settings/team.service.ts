import { LanternError, notFound } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import type { CreateTeamInput, ListTeamsQuery, ReplaceTeamMembersInput, TeamView, UpdateTeamInput } from '../../core/schemas/team.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { rethrowUniqueViolation } from '../db-errors';
import { escapeLike, keysetPage, type Page } from '../keyset';
import { assertReferencesExist } from '../reference-check';
import { lockRow } from '../row-lock';
import { assertLeadsUnchanged, assertMayManageTeam } from './team-lead.scope';

type TeamRow = { id: number; name: string; focus: string; created_at: Date; updated_at: Date; version: number };
type Member = TeamView['members'][number];

const UNIQUE = { teams_name_unique: { path: 'name', message: 'another team has this name' } };
const ENTITY = 'team';

async function membersOf(db: Queryable, teamIds: number[]): Promise<Map<number, Member[]>> {
  const rows = await db('team_members as m').join('workers as w', 'w.id', 'm.worker_id')
    .whereIn('m.team_id', teamIds).orderBy(['m.team_id', 'm.worker_id'])
    .select('m.team_id', 'm.worker_id', 'm.role', 'w.name');
  const byTeam = new Map<number, Member[]>();
  for (const r of rows) {
    const list = byTeam.get(r.team_id) ?? [];
    list.push({ workerId: r.worker_id, name: r.name, role: r.role });
    byTeam.set(r.team_id, list);
  }
  return byTeam;
}

async function views(db: Queryable, rows: TeamRow[]): Promise<TeamView[]> {
  const members = await membersOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id, name: r.name, focus: r.focus, members: members.get(r.id) ?? [],
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  }));
}

export async function listTeams(db: Queryable, query: ListTeamsQuery): Promise<Page<TeamView>> {
  const q = db('teams').select('*');
  if (query.q) q.where('name', 'ilike', `%${escapeLike(query.q)}%`);
  const page = await keysetPage<TeamRow>(q, { column: 'teams.id', idColumn: 'teams.id', value: 'id' }, query);
  return { rows: await views(db, page.rows), nextCursor: page.nextCursor };
}

export async function getTeam(db: Queryable, id: number): Promise<TeamView> {
  const row = (await db('teams').where({ id }).first()) as TeamRow | undefined;
  if (!row) throw notFound('Team', id);
  return (await views(db, [row]))[0]!;
}

export async function createTeam(db: Queryable, actor: Actor, input: CreateTeamInput): Promise<TeamView> {
  return db.transaction(async (trx) => {
    const [row] = await trx('teams').insert({ name: input.name, focus: input.focus ?? '' }).returning('id')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE));
    const view = await getTeam(trx, row.id as number);
    await recordAudit(trx, actor, { action: 'team.create', entityType: ENTITY, entityId: view.id, after: view });
    return view;
  });
}

export async function updateTeam(
  db: Queryable, actor: Actor, id: number, input: UpdateTeamInput, expectedVersion: number | undefined,
): Promise<TeamView> {
  return db.transaction(async (trx) => {
    await lockRow(trx, 'teams', id, 'Team', expectedVersion);
    const before = await getTeam(trx, id);
    await trx('teams').where({ id })
      .update({ name: input.name ?? before.name, focus: input.focus ?? before.focus, updated_at: trx.fn.now(), version: trx.raw('version + 1') })
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE));
    const after = await getTeam(trx, id);
    await recordAudit(trx, actor, { action: 'team.update', entityType: ENTITY, entityId: id, before, after });
    return after;
  });
}

/**
 * A team that still routes tickets is not deleted: the foreign key would silently unroute them, and
 * unrouted tickets become visible to every agent.
 */
export async function deleteTeam(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    await lockRow(trx, 'teams', id, 'Team');
    const before = await getTeam(trx, id);
    const [row] = await trx('tickets').where({ team_id: id }).count({ n: '*' });
    const n = Number(row?.n ?? 0);
    if (n > 0) throw new LanternError('conflict', `Team ${id} still has ${n} ticket(s); move them to another team first`);
    await trx('teams').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'team.delete', entityType: ENTITY, entityId: id, before });
  });
}

/**
 * Replace the whole membership atomically; every worker must exist and be active. Admins, or a lead of this team
 * (who may add and remove members but not change who leads).
 */
export async function replaceTeamMembers(
  db: Queryable, principal: Principal, actor: Actor, id: number, input: ReplaceTeamMembersInput, expectedVersion: number | undefined,
): Promise<TeamView> {
  return db.transaction(async (trx) => {
    await lockRow(trx, 'teams', id, 'Team', expectedVersion);
    await assertMayManageTeam(trx, principal, id);
    const before = await getTeam(trx, id);
    assertLeadsUnchanged(principal, before.members, input.members);
    await assertReferencesExist(trx, input.members.map((m, i) => ({ path: `members.${i}.workerId`, table: 'workers', id: m.workerId, where: { active: true } })));
    await trx('team_members').where({ team_id: id }).delete();
    if (input.members.length) {
      await trx('team_members').insert(input.members.map((m) => ({ team_id: id, worker_id: m.workerId, role: m.role })));
    }
    await trx('teams').where({ id }).update({ updated_at: trx.fn.now(), version: trx.raw('version + 1') });
    const after = await getTeam(trx, id);
    await recordAudit(trx, actor, { action: 'team.members_update', entityType: ENTITY, entityId: id, before, after });
    return after;
  });
}
