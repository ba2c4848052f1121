import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../../core/principal';
import { ROUTING_TRIGGERS } from '../../core/routing/decision';
import type { Db, Queryable } from '../../db/knex';
import type { Config } from '../../config/config';
import { enqueueDrainForWorker, enqueueRouteTicket, ROUTING_SWEEP_INTERVAL_MS, scheduleRoutingSweep } from '../../services/routing/routing.jobs';
import { runRoutingSweep } from '../../services/routing/routing-sweep.service';
import { drainTeamQueue, routeTicket } from '../../services/routing/routing.service';
import type { DispatchedEvent } from '../webhooks/outbox-dispatch.task';

/** Categories that no longer count against an assignee's capacity (services/routing: openCounts). */
const CLOSED = ['solved', 'closed'];

/** The part of a worker ticket view (services/tickets/ticket.view.ts) routing reacts to. */
const ticketShape = z.object({
  assigneeId: z.number().nullable(),
  teamId: z.number().nullable(),
  status: z.object({ category: z.string() }),
});
const eventPayload = z.object({
  ticket: ticketShape,
  previous: ticketShape.optional(), // ticket.updated
  from: z.unknown().optional(), // status.changed: a status; assignee.changed: a worker id
});
const ROUTING_SOURCE_EVENTS = ['ticket.created', 'ticket.updated', 'status.changed', 'assignee.changed', 'ticket.deleted'];

const open = (t: z.infer<typeof ticketShape>) => !CLOSED.includes(t.status.category);

/**
 * Called by outbox_dispatch in its transaction. New unassigned tickets and unassigned tickets moved to another team
 * get a `route_ticket` job; events after which an assignee holds one open ticket fewer (solved/closed, unassigned,
 * deleted) get a `drain_routing_queue` job for each of that worker's teams that has tickets waiting.
 * Coming online drains from the availability service itself (same transaction as the change).
 */
export async function onRoutingEvent(trx: Queryable, event: DispatchedEvent): Promise<void> {
  if (event.entity_type !== 'ticket' || !ROUTING_SOURCE_EVENTS.includes(event.event_type)) return;
  const row = await trx('outbox').where({ id: event.id }).first<{ payload: unknown } | undefined>('payload');
  const parsed = eventPayload.safeParse(row?.payload);
  if (!parsed.success) return; // not a ticket-view payload: nothing routing can act on
  const { ticket, previous, from } = parsed.data;
  const ticketId = Number(event.entity_id);
  switch (event.event_type) {
    case 'ticket.created':
      if (ticket.assigneeId === null && open(ticket)) await enqueueRouteTicket(trx, { ticketId, trigger: 'ticket_created' });
      return;
    case 'ticket.updated': {
      if (!previous || previous.teamId === ticket.teamId || ticket.assigneeId !== null || !open(ticket)) return;
      // Routing itself moves a ticket to the rule's team and queues it there in the same commit: no second run.
      const waiting = ticket.teamId !== null && await trx('routing_queue').where({ ticket_id: ticketId, team_id: ticket.teamId }).first('ticket_id');
      if (!waiting) await enqueueRouteTicket(trx, { ticketId, trigger: 'team_changed' });
      return;
    }
    case 'status.changed': {
      const wasOpen = !CLOSED.includes((from as { category?: string } | undefined)?.category ?? '');
      if (wasOpen && !open(ticket) && ticket.assigneeId !== null) await enqueueDrainForWorker(trx, ticket.assigneeId);
      return;
    }
    case 'assignee.changed':
      if (typeof from === 'number' && open(ticket)) await enqueueDrainForWorker(trx, from);
      return;
    case 'ticket.deleted':
      if (ticket.assigneeId !== null && open(ticket)) await enqueueDrainForWorker(trx, ticket.assigneeId);
      return;
  }
}

const routePayload = z.object({ ticketId: z.number().int().positive(), trigger: z.enum(ROUTING_TRIGGERS) });
const drainPayload = z.object({ teamId: z.number().int().positive() });

/**
 * `route_ticket`: route one ticket as the system and record the decision. Idempotent through routeTicket itself:
 * it locks the ticket and leaves an assigned (or solved) ticket alone, so a rerun never assigns twice.
 */
export function createRouteTicketTask({ db, logger }: { db: Db; logger: Logger }): Task {
  return async (rawPayload, helpers) => {
    const parsed = routePayload.safeParse(rawPayload);
    if (!parsed.success) {
      logger.error({ jobId: helpers.job.id, payload: rawPayload }, 'route_ticket job with an invalid payload dropped');
      return;
    }
    const result = await routeTicket(db, parsed.data.ticketId, { trigger: parsed.data.trigger, actor: SYSTEM_ACTOR });
    if (result) logger.debug({ ticketId: parsed.data.ticketId, outcome: result.decision.outcome, chosen: result.decision.chosen }, 'ticket routed');
  };
}

/** `drain_routing_queue`: hand a team's waiting tickets out (SLA urgency, then age); one ticket per transaction. */
export function createDrainRoutingQueueTask({ db, logger }: { db: Db; logger: Logger }): Task {
  return async (rawPayload, helpers) => {
    const parsed = drainPayload.safeParse(rawPayload);
    if (!parsed.success) {
      logger.error({ jobId: helpers.job.id, payload: rawPayload }, 'drain_routing_queue job with an invalid payload dropped');
      return;
    }
    const assigned = await drainTeamQueue(db, parsed.data.teamId);
    if (assigned > 0) logger.debug({ teamId: parsed.data.teamId, assigned }, 'routing queue drained');
  };
}

const sweepPayload = z.object({ lastRunAt: z.number().nullable().optional() });

/**
 * `routing_sweep` (self-rescheduling, job_key `routing_sweep`): reassign tickets of assignees offline past
 * LANTERN_ROUTING_OFFLINE_REASSIGN_MINUTES and drain team queues whose members' shifts started since the last run.
 * The successor is scheduled even when the sweep fails, so one bad ticket never stops the loop; the failure is
 * rethrown so graphile-worker records it.
 */
export function createRoutingSweepTask({ db, logger, config }: { db: Db; logger: Logger; config: Config }): Task {
  return async (rawPayload) => {
    const parsed = sweepPayload.safeParse(rawPayload);
    const lastRunAt = parsed.success ? parsed.data.lastRunAt ?? null : null;
    const now = Date.now();
    try {
      const result = await runRoutingSweep(db, { now, lastRunAt, offlineReassignMinutes: config.routing.offlineReassignMinutes });
      if (result.reassignedTickets.length || result.drainedTeams.length) logger.debug(result, 'routing sweep');
    } finally {
      await scheduleRoutingSweep(db, { lastRunAt: now }, new Date(now + ROUTING_SWEEP_INTERVAL_MS), 'replace');
    }
  };
}
