import type { WeeklyHours } from '../../core/lifecycle/calendar.schema';
import { effectiveShift, shiftStartedBetween } from '../../core/routing/shift';
import type { Queryable } from '../../db/knex';
import { convertStrandedChats } from '../chat/chat.service';
import { drainTeamQueue, routeTicket, teamCalendar } from './routing.service';

const CLOSED = ['solved', 'closed'];
const MINUTE_MS = 60_000;

export type SweepOptions = {
  /** The sweep's clock (tests pass their own). */
  now: number;
  /** Assignees offline for at least this long lose their open tickets to routing. */
  offlineReassignMinutes: number;
  /** When the previous sweep ran; null on the first run (no shift-start check then). */
  lastRunAt: number | null;
};
export type SweepResult = { reassignedTickets: number[]; drainedTeams: number[]; convertedChats: number[] };

/**
 * Tickets whose assignee has been offline past the threshold are routed again (`assignee_offline`): to someone
 * who fits, or back to the team queue. Each ticket routes in its own transaction, capacity-checked like any routing.
 * Once unassigned the ticket no longer matches, so a ticket is reassigned once per offline spell.
 */
export async function reassignFromOfflineAssignees(db: Queryable, now: number, thresholdMinutes: number): Promise<number[]> {
  const since = new Date(now - thresholdMinutes * MINUTE_MS);
  const rows = (await db('tickets as t').join('worker_routing_profiles as p', 'p.worker_id', 't.assignee_id')
    .where('p.availability', 'offline').where('p.availability_changed_at', '<=', since)
    .whereNotIn('t.status_category', CLOSED)
    .orderBy('t.id').limit(500)
    .select('t.id', 't.assignee_id')) as Array<{ id: number; assignee_id: number }>;
  const reassigned: number[] = [];
  for (const r of rows) {
    const result = await routeTicket(db, r.id, { trigger: 'assignee_offline', now, onlyIfAssigneeOffline: { workerId: r.assignee_id, since } });
    if (result) reassigned.push(r.id);
  }
  return reassigned;
}

/**
 * Teams with waiting tickets where an online member's effective shift (own hours, else the team calendar) started
 * since the last sweep: hand the queue out now instead of waiting for the next event.
 */
export async function drainTeamsWhoseShiftStarted(db: Queryable, lastRunAt: number, now: number): Promise<number[]> {
  const teamIds = (await db('routing_queue').distinct('team_id').orderBy('team_id').pluck('team_id')) as number[];
  const drained: number[] = [];
  for (const teamId of teamIds.map(Number)) {
    const calendar = await teamCalendar(db, teamId);
    const members = (await db('team_members as m').join('worker_routing_profiles as p', 'p.worker_id', 'm.worker_id')
      .join('workers as w', 'w.id', 'm.worker_id')
      .where({ 'm.team_id': teamId, 'p.availability': 'online', 'w.active': true })
      .select('p.time_zone', 'p.shifts')) as Array<{ time_zone: string; shifts: WeeklyHours | null }>;
    const started = members.some((m) => shiftStartedBetween(effectiveShift({ timeZone: m.time_zone, shifts: m.shifts }, calendar), lastRunAt, now));
    if (!started) continue;
    await drainTeamQueue(db, teamId, { now });
    drained.push(teamId);
  }
  return drained;
}

/**
 * One periodic routing sweep: offline reassignment first (it may queue tickets the shift drain then hands out),
 * then waiting chats nobody can take any more (all agents offline, shifts over) become email tickets (docs/chat.md).
 */
export async function runRoutingSweep(db: Queryable, opts: SweepOptions): Promise<SweepResult> {
  const reassignedTickets = await reassignFromOfflineAssignees(db, opts.now, opts.offlineReassignMinutes);
  const drainedTeams = opts.lastRunAt === null ? [] : await drainTeamsWhoseShiftStarted(db, opts.lastRunAt, opts.now);
  const convertedChats = (await convertStrandedChats(db, { now: opts.now })).map((c) => c.ticketId);
  return { reassignedTickets, drainedTeams, convertedChats };
}
