import type { RoutingTrigger } from '../../core/routing/decision';
import type { Queryable } from '../../db/knex';

/** graphile-worker tasks of skills-based routing (activities/routing/). */
export const ROUTE_TICKET_TASK = 'route_ticket';
export const ROUTING_DRAIN_TASK = 'drain_routing_queue';
/** Periodic: offline-assignee reassignment and shift-start queue drains. One job at a time (job_key). */
export const ROUTING_SWEEP_TASK = 'routing_sweep';
export const ROUTING_SWEEP_INTERVAL_MS = 60_000;

export type RouteJobPayload = { ticketId: number; trigger: RoutingTrigger };
export type DrainJobPayload = { teamId: number };

/** One waiting routing job per ticket: a burst of changes routes it once. */
export async function enqueueRouteTicket(db: Queryable, payload: RouteJobPayload): Promise<void> {
  await db.raw(`SELECT graphile_worker.add_job(?, ?::json, job_key => ?, max_attempts => 10)`, [
    ROUTE_TICKET_TASK, JSON.stringify(payload), `route_ticket:${payload.ticketId}`,
  ]);
}

/** Capacity freed in a team (a worker came online, a ticket was solved): hand its queue out. */
export async function enqueueTeamDrain(db: Queryable, teamIds: readonly number[]): Promise<void> {
  for (const teamId of [...new Set(teamIds)].sort((a, b) => a - b)) {
    await db.raw(`SELECT graphile_worker.add_job(?, json_build_object('teamId', ?::bigint), job_key => ?, max_attempts => 10)`, [
      ROUTING_DRAIN_TASK, teamId, `${ROUTING_DRAIN_TASK}:${teamId}`,
    ]);
  }
}

/**
 * A worker's capacity may have freed (or they came online): drain every team of theirs that has tickets waiting.
 * Capacity is per worker across teams, so any of their teams' queues may now fit. Teams with an empty queue get no job.
 */
export async function enqueueDrainForWorker(db: Queryable, workerId: number): Promise<void> {
  const teamIds = (await db('team_members as m').where('m.worker_id', workerId)
    .whereExists((q) => q.select(db.raw('1')).from('routing_queue as r').whereRaw('r.team_id = m.team_id'))
    .pluck('m.team_id')) as number[];
  await enqueueTeamDrain(db, teamIds.map(Number));
}

export type SweepJobPayload = { lastRunAt: number | null };

/**
 * Schedule the next sweep. `preserve_run_at` at boot keeps an already scheduled sweep where it is (restarts do not
 * delay it); the running sweep schedules its successor with `replace` (graphile-worker adds a separate job while the
 * keyed one is running), so exactly one sweep is ever waiting.
 */
export async function scheduleRoutingSweep(db: Queryable, payload: SweepJobPayload, runAt: Date, mode: 'preserve_run_at' | 'replace'): Promise<void> {
  await db.raw(`SELECT graphile_worker.add_job(?, ?::json, run_at => ?::timestamptz, job_key => ?, job_key_mode => ?, max_attempts => 5)`, [
    ROUTING_SWEEP_TASK, JSON.stringify(payload), runAt.toISOString(), ROUTING_SWEEP_TASK, mode,
  ]);
}
