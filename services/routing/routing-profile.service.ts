import { notFound } from '../../core/errors';
import type { Calendar, WeeklyHours } from '../../core/lifecycle/calendar.schema';
import type { Actor, Principal } from '../../core/principal';
import type { Availability } from '../../core/routing/scoring';
import { effectiveShift, shiftMinutesLeft } from '../../core/routing/shift';
import type { RoutingProfileInput } from '../../core/schemas/routing.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { assertReferencesExist } from '../reference-check';
import { lockRow } from '../row-lock';
import { convertStrandedChats } from '../chat/chat.service';
import { assertMayManageWorker } from '../settings/team-lead.scope';
import { enqueueDrainForWorker } from './routing.jobs';
import { teamCalendar } from './routing.service';

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

export type ShiftNow = { onShift: boolean; minutesLeft: number | null };
export type EffectiveAvailability = ShiftNow & {
  /** The status the worker set (PUT /me/availability or the profile). */
  status: Availability;
  /** online and on shift for at least one of their teams (or always on): routing may pick them now. */
  routable: boolean;
  /** Per team: the shift routing applies for tickets of that team (own hours, else the team calendar). */
  teams: Array<ShiftNow & { teamId: number }>;
};

const shiftNow = (shift: Calendar | null, now: number): ShiftNow => {
  if (shift === null) return { onShift: true, minutesLeft: null }; // no shifts and no calendar: always on
  const minutesLeft = shiftMinutesLeft(shift, now);
  return { onShift: minutesLeft !== null, minutesLeft };
};

/**
 * Availability as routing sees it at `now`. Top level: the best of the worker's teams (most minutes left; always
 * on counts as open-ended), or their own shifts alone when they are in no team.
 */
export async function effectiveAvailability(db: Queryable, profile: RoutingProfileView, now: number): Promise<EffectiveAvailability> {
  const own = { timeZone: profile.timeZone, shifts: profile.shifts };
  const teamIds = (await db('team_members').where({ worker_id: profile.workerId }).orderBy('team_id').pluck('team_id')) as number[];
  const teams: EffectiveAvailability['teams'] = [];
  for (const teamId of teamIds.map(Number)) teams.push({ teamId, ...shiftNow(effectiveShift(own, await teamCalendar(db, teamId)), now) });
  const candidates = teams.length ? teams : [shiftNow(effectiveShift(own, null), now)];
  const onShift = candidates.filter((c) => c.onShift);
  const best = onShift.find((c) => c.minutesLeft === null) ?? onShift.sort((a, b) => (b.minutesLeft ?? 0) - (a.minutesLeft ?? 0))[0];
  return {
    status: profile.availability, onShift: best !== undefined, minutesLeft: best?.minutesLeft ?? null,
    routable: profile.availability === 'online' && best !== undefined, teams,
  };
}

/** GET /workers/:id/routing-profile: the stored profile plus its effective availability now. */
export async function getRoutingProfileWithAvailability(db: Queryable, workerId: number, now = Date.now()): Promise<RoutingProfileView & { effective: EffectiveAvailability }> {
  const profile = await getRoutingProfile(db, workerId);
  return { ...profile, effective: await effectiveAvailability(db, profile, now) };
}

/** Lock (creating if needed) the profile row: the same row routing locks to re-check capacity. */
async function lockProfile(trx: Queryable, workerId: number): Promise<void> {
  await lockRow(trx, 'workers', workerId, 'Worker');
  await trx('worker_routing_profiles').insert({ worker_id: workerId }).onConflict('worker_id').ignore();
  await trx('worker_routing_profiles').where({ worker_id: workerId }).forUpdate().first('worker_id');
}

/** Replace a worker's routing profile (skills included) as a whole. Admins, or a lead of one of the worker's teams. */
export async function putRoutingProfile(db: Queryable, principal: Principal, actor: Actor, workerId: number, input: RoutingProfileInput): Promise<RoutingProfileView> {
  return db.transaction(async (trx) => {
    await lockProfile(trx, workerId);
    await assertMayManageWorker(trx, principal, workerId);
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

/**
 * Set by the agent (PUT /me/availability). Coming online drains the worker's teams' queues (job enqueued in this
 * transaction); leaving may strand waiting chats of their teams, which then become email tickets (docs/chat.md).
 */
export async function setAvailability(db: Queryable, actor: Actor, workerId: number, availability: Availability): Promise<RoutingProfileView> {
  const view = await db.transaction(async (trx) => {
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
  if (availability !== 'online') {
    const teamIds = (await db('team_members').where({ worker_id: workerId }).pluck('team_id') as number[]).map(Number);
    if (teamIds.length) await convertStrandedChats(db, { teamIds });
  }
  return view;
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
