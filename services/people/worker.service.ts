import { notFound, validationError } from '../../core/errors';
import type { WorkerRole } from '../../core/permissions';
import type { Actor } from '../../core/principal';
import type { CreateWorkerInput, ListWorkersQuery, UpdateWorkerInput, WorkerView } from '../../core/schemas/worker.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { revokeWorkerApiKeys } from '../auth/api-keys.service';
import { hashPassword } from '../auth/passwords';
import { rethrowUniqueViolation } from '../db-errors';
import { escapeLike, keysetPage, type Page } from '../keyset';
import { lockInvariant, lockRow } from '../row-lock';

type WorkerRow = {
  id: number;
  name: string;
  email: string;
  role: WorkerRole;
  all_tickets: boolean;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
};
type TeamRef = WorkerView['teams'][number];

// Never `password_hash`, not even to admins.
const COLUMNS = ['workers.id', 'workers.name', 'workers.email', 'workers.role', 'workers.all_tickets', 'workers.active', 'workers.created_at', 'workers.updated_at', 'workers.version'];
const UNIQUE = { workers_email_unique: { path: 'email', message: 'another worker has this email' } };
const ENTITY = 'worker';

async function teamsOf(db: Queryable, workerIds: number[]): Promise<Map<number, TeamRef[]>> {
  const rows = await db('team_members as m').join('teams as t', 't.id', 'm.team_id')
    .whereIn('m.worker_id', workerIds).orderBy(['m.worker_id', 't.id'])
    .select('m.worker_id', 't.id', 't.name', 'm.role');
  const byWorker = new Map<number, TeamRef[]>();
  for (const r of rows) byWorker.set(r.worker_id, [...(byWorker.get(r.worker_id) ?? []), { id: r.id, name: r.name, role: r.role }]);
  return byWorker;
}

async function views(db: Queryable, rows: WorkerRow[]): Promise<WorkerView[]> {
  const teams = await teamsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id, name: r.name, email: r.email, role: r.role, allTickets: r.all_tickets, active: r.active, teams: teams.get(r.id) ?? [],
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  }));
}

export async function getWorker(db: Queryable, id: number): Promise<WorkerView> {
  const row = (await db('workers').where({ id }).first(COLUMNS)) as WorkerRow | undefined;
  if (!row) throw notFound('Worker', id);
  return (await views(db, [row]))[0]!;
}

export async function listWorkers(db: Queryable, query: ListWorkersQuery): Promise<Page<WorkerView>> {
  const q = db('workers').select(COLUMNS);
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`;
    q.where((w) => w.where('workers.name', 'ilike', like).orWhere('workers.email', 'ilike', like));
  }
  if (query.role) q.where('workers.role', query.role);
  if (query.active !== undefined) q.where('workers.active', query.active);
  if (query.teamId !== undefined) {
    const teamId = query.teamId;
    q.whereExists((s) => s.select(db.raw('1')).from('team_members').whereRaw('team_members.worker_id = workers.id').where('team_members.team_id', teamId));
  }
  const page = await keysetPage<WorkerRow>(q, { column: 'workers.id', idColumn: 'workers.id', value: 'id' }, query);
  return { rows: await views(db, page.rows), nextCursor: page.nextCursor };
}

export async function createWorker(db: Queryable, actor: Actor, input: CreateWorkerInput): Promise<WorkerView> {
  // argon2 is deliberately slow: hash before the transaction opens, not while it holds locks.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (trx) => {
    const [row] = await trx('workers')
      .insert({ name: input.name, email: input.email, role: input.role, all_tickets: input.allTickets ?? false, password_hash: passwordHash })
      .returning('id')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE));
    const view = await getWorker(trx, row.id as number);
    await recordAudit(trx, actor, { action: 'worker.create', entityType: ENTITY, entityId: view.id, after: view });
    return view;
  });
}

/**
 * Role, flags and activation. Writers of role/active are serialized so two admins demoting each other
 * cannot both pass the last-admin check. Deactivation ends the worker's sessions and revokes their API keys.
 */
export async function updateWorker(
  db: Queryable, actor: Actor, id: number, input: UpdateWorkerInput, expectedVersion: number | undefined,
): Promise<WorkerView> {
  return db.transaction(async (trx) => {
    await lockInvariant(trx, 'workers.admins');
    const row = await lockRow<WorkerRow>(trx, 'workers', id, 'Worker', expectedVersion);
    const before = (await views(trx, [row]))[0]!;
    const next = { role: input.role ?? row.role, active: input.active ?? row.active };
    if (row.role === 'admin' && row.active && (next.role !== 'admin' || !next.active)) {
      const others = await trx('workers').where({ role: 'admin', active: true }).whereNot({ id }).first('id');
      if (!others) {
        const path = next.active ? 'role' : 'active';
        throw validationError('The last active admin must stay an active admin', [{ path, message: 'make another worker an active admin first' }]);
      }
    }
    await trx('workers').where({ id })
      .update({
        name: input.name ?? row.name,
        email: input.email ?? row.email,
        role: next.role,
        all_tickets: input.allTickets ?? row.all_tickets,
        active: next.active,
        updated_at: trx.fn.now(),
        version: trx.raw('version + 1'),
      })
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE));
    const after = await getWorker(trx, id);
    await recordAudit(trx, actor, { action: 'worker.update', entityType: ENTITY, entityId: id, before, after });
    if (row.active && !next.active) await revokeAccess(trx, actor, id);
    return after;
  });
}

async function revokeAccess(trx: Queryable, actor: Actor, workerId: number): Promise<void> {
  const sessions = await trx('sessions')
    .where({ principal_type: 'worker', principal_id: workerId })
    .whereNull('revoked_at')
    .update({ revoked_at: trx.fn.now() });
  const apiKeys = await revokeWorkerApiKeys(trx, actor, workerId);
  await recordAudit(trx, actor, { action: 'worker.access_revoke', entityType: ENTITY, entityId: workerId, after: { sessionsRevoked: sessions, apiKeysRevoked: apiKeys } });
}
