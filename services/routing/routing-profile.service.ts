import { notFound } from '../../core/errors';
import type { WeeklyHours } from '../../core/lifecycle/calendar.schema';
import type { Actor } from '../../core/principal';
import type { Availability } from '../../core/routing/scoring';
import type { RoutingProfileInput } from '../../core/schemas/routing.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { assertReferencesExist } from '../reference-check';
import { lockRow } from '../row-lock';
import { enqueueDrainForWorker } from './routing.jobs';

export type RoutingProfileView = {
  workerId: number;
  availability: Availability;
  availabilityChangedAt: string;
  timeZone: string;
  languages: string[];
  shifts: WeeklyHours | null;
  capacity: number;
  channelCapacity: Record<string, number>;
  skills: Array<{ skill: string; level: number }>;
  lastAssignedAt: string | null;
  version: number;
};

type ProfileRow = {
  worker_id: number; availability: Availability; availability_changed_at: Date; time_zone: string; languages: string[];
  shifts: WeeklyHours | null; capacity: number; channel_capacity: Record<string, number>; last_assigned_at: Date | null; version: number;
};

const ENTITY = 'worker_routing_profile';

/** A worker without a profile row has the defaults and is offline: routing never picks them. */
export async function getRoutingProfile(db: Queryable, workerId: number): Promise<RoutingProfileView> {
  const worker = await db('workers').where({ id: workerId }).first('id');
  if (!worker) throw notFound('Worker', workerId);
  const row = (await db('worker_routing_profiles').where({ worker_id: workerId }).first()) as ProfileRow | undefined;
  const skills = (await db('worker_skills').where({ worker_id: workerId }).orderBy('skill').select('skill', 'level')) as Array<{ skill: string; level: number }>;
  return {
    workerId,
    availability: row?.availability ?? 'offline',
    availabilityChangedAt: (row?.availability_changed_at ?? new Date(0)).toISOString(),
    timeZone: row?.time_zone ?? 'UTC',
    languages: row?.languages ?? ['en'],
    shifts: row?.shifts ?? null,
    capacity: row?.capacity ?? 10,
    channelCapacity: row?.channel_capacity ?? {},
    skills,
    lastAssignedAt: row?.last_assigned_at?.toISOString() ?? null,
    version: row?.version ?? 0,
  };
}

/** Lock (creating if needed) the profile row: the same row routing locks to re-check capacity. */
async function lockProfile(trx: Queryable, workerId: number): Promise<void> {
  await lockRow(trx, 'workers', workerId, 'Worker');
  await trx('worker_routing_profiles').insert({ worker_id: workerId }).onConflict('worker_id').ignore();
  await trx('worker_routing_profiles').where({ worker_id: workerId }).forUpdate().first('worker_id');
}

/** Replace a worker's routing profile (skills included) as a whole. */
export async function putRoutingProfile(db: Queryable, actor: Actor, workerId: number, input: RoutingProfileInput): Promise<RoutingProfileView> {
  return db.transaction(async (trx) => {
    await lockProfile(trx, workerId);
    const before = await getRoutingProfile(trx, workerId);
    await trx('worker_routing_profiles').where({ worker_id: workerId }).update({
      time_zone: input.timeZone, languages: input.languages, shifts: input.shifts === null ? null : JSON.stringify(input.shifts),
      capacity: input.capacity, channel_capacity: JSON.stringify(input.channelCapacity),
      ...(input.availability && input.availability !== before.availability && { availability: input.availability, availability_changed_at: trx.fn.now() }),
      updated_at: trx.fn.now(), version: trx.raw('version + 1'),
    });
    await trx('worker_skills').where({ worker_id: workerId }).delete();
    if (input.skills.length) await trx('worker_skills').insert(input.skills.map((s) => ({ worker_id: workerId, skill: s.skill, level: s.level })));
    const after = await getRoutingProfile(trx, workerId);
    await recordAudit(trx, actor, { action: 'worker.routing_profile_update', entityType: ENTITY, entityId: workerId, before, after });
    // Capacity, skills or shifts may now fit queued tickets; the drain job commits with the change.
    if (after.availability === 'online') await enqueueDrainForWorker(trx, workerId);
    return after;
  });
}

/** Set by the agent (PUT /me/availability). Coming online drains the worker's teams' queues (job enqueued in this transaction). */
export async function setAvailability(db: Queryable, actor: Actor, workerId: number, availability: Availability): Promise<RoutingProfileView> {
  return db.transaction(async (trx) => {
    await lockProfile(trx, workerId);
    const before = await getRoutingProfile(trx, workerId);
    if (before.availability === availability) return before;
    await trx('worker_routing_profiles').where({ worker_id: workerId })
      .update({ availability, availability_changed_at: trx.fn.now(), updated_at: trx.fn.now(), version: trx.raw('version + 1') });
    const after = await getRoutingProfile(trx, workerId);
    await recordAudit(trx, actor, { action: 'worker.availability_update', entityType: ENTITY, entityId: workerId, before: { availability: before.availability }, after: { availability } });
    if (availability === 'online') await enqueueDrainForWorker(trx, workerId);
    return after;
  });
}

/** The team's working calendar (a lifecycle calendar); workers without their own shifts follow it. */
export async function setTeamCalendar(db: Queryable, actor: Actor, teamId: number, calendarId: number | null): Promise<{ teamId: number; calendarId: number | null }> {
  return db.transaction(async (trx) => {
    const row = await lockRow<{ id: number; calendar_id: number | null }>(trx, 'teams', teamId, 'Team');
    if (calendarId !== null) await assertReferencesExist(trx, [{ path: 'calendarId', table: 'calendars', id: calendarId }]);
    await trx('teams').where({ id: teamId }).update({ calendar_id: calendarId, updated_at: trx.fn.now(), version: trx.raw('version + 1') });
    await recordAudit(trx, actor, { action: 'team.calendar_update', entityType: 'team', entityId: teamId, before: { calendarId: row.calendar_id }, after: { calendarId } });
    return { teamId, calendarId };
  });
}
