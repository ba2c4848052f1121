import { notFound } from '../../core/errors';
import type { Calendar, WeeklyHours } from '../../core/lifecycle/calendar.schema';
import { SYSTEM_ACTOR, type Actor } from '../../core/principal';
import { finishDecision, planRouting, rankedWorkerIds, type RoutingDecision, type RoutingTrigger } from '../../core/routing/decision';
import { evaluateRules, type RuleOutcome, type TicketFacts } from '../../core/routing/rule-evaluation';
import type { Availability, Candidate } from '../../core/routing/scoring';
import { effectiveShift } from '../../core/routing/shift';
import { normalizeTags } from '../../core/tags';
import type { Queryable } from '../../db/knex';
import { findTicket } from '../tickets/ticket.repository';
import type { TicketRow } from '../tickets/ticket.view';
import { applySystemChange, type TicketChanges } from '../tickets/tickets.service';
import { listRoutingRules } from './routing-rule.service';

/** Prefer workers whose shift has at least this many minutes left (spec: "N minutes"). */
export const DEFAULT_MIN_SHIFT_MINUTES = 30;
const CLOSED = ['solved', 'closed'];
/** Triggers that may take a ticket from its current assignee. */
const REASSIGNING: readonly RoutingTrigger[] = ['manual', 'escalation', 'assignee_offline'];

export type RouteOptions = {
  trigger: RoutingTrigger; now?: number; minShiftMinutesLeft?: number; actor?: Actor;
  /**
   * Re-checked under the ticket lock (`assignee_offline`): route only while the ticket's assignee is still this
   * worker and still offline since at least `since`; a worker back online in the meantime keeps the ticket.
   */
  onlyIfAssigneeOffline?: { workerId: number; since: Date };
};
export type RouteResult = { decision: RoutingDecision; ticketVersion: number } | null;

async function ticketFacts(db: Queryable, t: TicketRow): Promise<TicketFacts> {
  // Sequential: inside a transaction both queries share one connection.
  const customer = await db('customers').where({ id: t.requester_id }).first('organization_id');
  const entry = await db('conversation_entries').where({ ticket_id: t.id }).orderBy('id').first('body_text');
  return {
    channel: t.channel, priority: t.priority_name, priorityRank: t.priority_rank, tags: t.tags, language: t.language,
    organizationId: (customer?.organization_id as number | null | undefined) ?? null, teamId: t.team_id,
    customFields: t.custom_fields, text: `${t.subject}\n${(entry?.body_text as string | undefined) ?? ''}`,
  };
}

type ProfileRow = {
  worker_id: number; availability: Availability; time_zone: string; languages: string[]; shifts: WeeklyHours | null;
  capacity: number; channel_capacity: Record<string, number>; last_assigned_at: Date | null;
};

export async function teamCalendar(db: Queryable, teamId: number | null): Promise<Calendar | null> {
  if (teamId === null) return null;
  const row = await db('teams as t').join('calendars as c', 'c.id', 't.calendar_id').where('t.id', teamId)
    .first('c.time_zone', 'c.weekly_hours', 'c.holidays');
  return row ? { timeZone: row.time_zone, weeklyHours: row.weekly_hours, holidays: row.holidays } : null;
}

/** Open tickets per worker (total and by channel), excluding `exceptTicket` (the one being routed). */
async function openCounts(db: Queryable, workerIds: number[], exceptTicket: number): Promise<Map<number, { total: number; byChannel: Record<string, number> }>> {
  const rows = (await db('tickets').whereIn('assignee_id', workerIds).whereNotIn('status_category', CLOSED).whereNot('id', exceptTicket)
    .groupBy('assignee_id', 'channel').select('assignee_id', 'channel').count({ n: '*' })) as Array<{ assignee_id: number; channel: string; n: string }>;
  const out = new Map<number, { total: number; byChannel: Record<string, number> }>();
  for (const r of rows) {
    const entry = out.get(r.assignee_id) ?? { total: 0, byChannel: {} };
    entry.total += Number(r.n);
    entry.byChannel[r.channel] = Number(r.n);
    out.set(r.assignee_id, entry);
  }
  return out;
}

/** Routing's view of workers: team members (or the rule's named worker) that have a routing profile. */
async function loadCandidates(db: Queryable, outcome: RuleOutcome, ticketId: number): Promise<Candidate[]> {
  const q = db('worker_routing_profiles as p').join('workers as w', 'w.id', 'p.worker_id').where('w.active', true).select('p.*');
  if (outcome.assignTo !== null) q.where('p.worker_id', outcome.assignTo);
  else if (outcome.teamId !== null) q.whereExists((s) => s.select(db.raw('1')).from('team_members as m').whereRaw('m.worker_id = p.worker_id').where('m.team_id', outcome.teamId));
  else return [];
  const profiles = (await q) as ProfileRow[];
  if (profiles.length === 0) return [];
  const ids = profiles.map((p) => p.worker_id);
  const counts = await openCounts(db, ids, ticketId);
  const skills = (await db('worker_skills').whereIn('worker_id', ids).select('worker_id', 'skill', 'level')) as Array<{ worker_id: number; skill: string; level: number }>;
  const calendar = await teamCalendar(db, outcome.teamId);
  return profiles.map((p) => ({
    workerId: p.worker_id,
    availability: p.availability,
    skills: Object.fromEntries(skills.filter((s) => s.worker_id === p.worker_id).map((s) => [s.skill, s.level])),
    languages: p.languages,
    shift: effectiveShift({ timeZone: p.time_zone, shifts: p.shifts }, calendar),
    capacity: p.capacity,
    channelCapacity: p.channel_capacity,
    openTickets: counts.get(p.worker_id)?.total ?? 0,
    openByChannel: counts.get(p.worker_id)?.byChannel ?? {},
    lastAssignedAt: p.last_assigned_at?.getTime() ?? null,
  }));
}

class RefusedClaim extends Error {}

/**
 * The capacity guard. Lock the worker's profile row, then count their open tickets again: the count runs after
 * the lock, so under READ COMMITTED it sees every assignment committed by routings that held the lock before us.
 */
async function claimCapacity(trx: Queryable, workerId: number, channel: string, ticketId: number): Promise<string | null> {
  const p = (await trx('worker_routing_profiles').where({ worker_id: workerId }).forUpdate().first()) as ProfileRow | undefined;
  if (!p) return 'has no routing profile';
  if (p.availability !== 'online') return `went ${p.availability}`;
  const counts = (await openCounts(trx, [workerId], ticketId)).get(workerId);
  const total = counts?.total ?? 0;
  if (total >= p.capacity) return `filled up meanwhile (${total}/${p.capacity} open)`;
  const cap = p.channel_capacity[channel];
  const inChannel = counts?.byChannel[channel] ?? 0;
  if (cap !== undefined && inChannel >= cap) return `filled up meanwhile (${inChannel}/${cap} ${channel} open)`;
  return null;
}

async function stillOffline(trx: Queryable, assigneeId: number | null, expect: { workerId: number; since: Date }): Promise<boolean> {
  if (assigneeId !== expect.workerId) return false;
  const p = await trx('worker_routing_profiles').where({ worker_id: assigneeId }).first('availability', 'availability_changed_at');
  return p?.availability === 'offline' && (p.availability_changed_at as Date).getTime() <= expect.since.getTime();
}

async function priorityIdByName(db: Queryable, name: string | null): Promise<number | undefined> {
  if (name === null) return undefined;
  const row = await db('priorities').where({ active: true }).whereRaw('lower(name) = lower(?)', [name]).first('id');
  return row?.id as number | undefined;
}

/**
 * Route one ticket in one transaction: evaluate the rules, score the candidates, claim the best one's capacity
 * under a row lock, apply the result to the ticket as the system, and record the decision. Nobody fits: the ticket
 * waits in its team's queue. Returns null when there is nothing to route (ticket gone, closed, or already assigned
 * and the trigger does not reassign).
 */
export async function routeTicket(db: Queryable, ticketId: number, opts: RouteOptions): Promise<RouteResult> {
  return db.transaction(async (trx) => {
    const ticket = await findTicket(trx, ticketId, { forUpdate: true });
    if (!ticket || CLOSED.includes(ticket.status_category)) {
      await trx('routing_queue').where({ ticket_id: ticketId }).delete();
      return null;
    }
    if (ticket.assignee_id !== null && !REASSIGNING.includes(opts.trigger)) {
      await trx('routing_queue').where({ ticket_id: ticketId }).delete();
      return null;
    }
    if (opts.onlyIfAssigneeOffline && !(await stillOffline(trx, ticket.assignee_id, opts.onlyIfAssigneeOffline))) return null;
    const now = opts.now ?? Date.now();
    const outcome = evaluateRules(await listRoutingRules(trx), await ticketFacts(trx, ticket));
    const plan = planRouting({
      trigger: opts.trigger, outcome, channel: ticket.channel, candidates: await loadCandidates(trx, outcome, ticketId),
      minShiftMinutesLeft: opts.minShiftMinutesLeft ?? DEFAULT_MIN_SHIFT_MINUTES, now,
    });
    const skipped: RoutingDecision['skipped'] = [];
    let chosen: number | null = null;
    for (const workerId of rankedWorkerIds(plan)) {
      // Each claim in a savepoint: a refused worker's row lock is released on rollback, so routings never hold
      // one worker while waiting for another (which deadlocked when two routings walked rankings in different order).
      const refused = await trx.transaction(async (sp) => {
        const reason = await claimCapacity(sp, workerId, ticket.channel, ticketId);
        if (reason !== null) throw new RefusedClaim(reason);
      }).then(() => null, (err: unknown) => { if (err instanceof RefusedClaim) return err.message; throw err; });
      if (refused === null) { chosen = workerId; break; }
      skipped.push({ workerId, reason: refused });
    }
    const decision = finishDecision(plan, chosen, skipped, outcome.assignTo !== null);

    const changes: TicketChanges = {};
    if (outcome.teamId !== null && outcome.teamId !== ticket.team_id) changes.teamId = outcome.teamId;
    if (chosen !== null) changes.assigneeId = chosen;
    else if (ticket.assignee_id !== null && opts.trigger !== 'manual') changes.assigneeId = null; // offline/escalated: back to the queue
    if (outcome.addTags.length) changes.tags = normalizeTags([...ticket.tags, ...outcome.addTags]);
    const priorityId = await priorityIdByName(trx, outcome.setPriority);
    if (priorityId !== undefined) changes.priorityId = priorityId;
    const applied = Object.keys(changes).length ? await applySystemChange(trx, opts.actor ?? SYSTEM_ACTOR, ticketId, () => changes) : null;

    if (chosen !== null) {
      await trx('worker_routing_profiles').where({ worker_id: chosen }).update({ last_assigned_at: new Date(now) });
      await trx('routing_queue').where({ ticket_id: ticketId }).delete();
    } else if (outcome.teamId !== null) {
      await trx('routing_queue').insert({ ticket_id: ticketId, team_id: outcome.teamId }).onConflict('ticket_id').merge(['team_id']);
    } else {
      await trx('routing_queue').where({ ticket_id: ticketId }).delete(); // no team any more: no queue to wait in
    }
    await trx('routing_decisions').insert({
      ticket_id: ticketId, trigger: opts.trigger, outcome: decision.outcome, rule_id: decision.rule?.id ?? null,
      team_id: outcome.teamId, chosen_worker_id: chosen, decision: JSON.stringify(decision),
    });
    return { decision, ticketVersion: applied?.ticket.version ?? ticket.version };
  });
}

/** Dry run: the same evaluation and scoring against live data, with nothing locked or written. */
export async function explainRouting(db: Queryable, facts: TicketFacts, ticketId: number | null, opts: { now?: number; channel?: string } = {}): Promise<RoutingDecision> {
  const outcome = evaluateRules(await listRoutingRules(db), facts);
  return planRouting({
    trigger: 'manual', outcome, channel: opts.channel ?? facts.channel, candidates: await loadCandidates(db, outcome, ticketId ?? 0),
    minShiftMinutesLeft: DEFAULT_MIN_SHIFT_MINUTES, now: opts.now ?? Date.now(),
  });
}

export async function explainStoredTicket(db: Queryable, ticketId: number, opts: { now?: number } = {}): Promise<RoutingDecision> {
  const ticket = await findTicket(db, ticketId);
  if (!ticket) throw notFound('Ticket', ticketId);
  return explainRouting(db, await ticketFacts(db, ticket), ticketId, opts);
}

/**
 * Hand queued tickets of a team out, most SLA-urgent first (earliest next deadline), then oldest. Each ticket routes
 * in its own transaction, so one slow or failing ticket never holds the others' locks. Returns how many were assigned.
 */
export async function drainTeamQueue(db: Queryable, teamId: number, opts: { now?: number; limit?: number } = {}): Promise<number> {
  const queued = (await db('routing_queue as q').join('tickets as t', 't.id', 'q.ticket_id')
    .leftJoin('lifecycle_instances as l', 'l.ticket_id', 'q.ticket_id')
    .where('q.team_id', teamId)
    .orderByRaw('l.next_deadline_at ASC NULLS LAST, t.created_at ASC, t.id ASC')
    .limit(opts.limit ?? 500)
    .pluck('q.ticket_id')) as number[];
  let assigned = 0;
  for (const ticketId of queued) {
    const result = await routeTicket(db, ticketId, { trigger: 'queue_drain', ...(opts.now !== undefined && { now: opts.now }) });
    if (result?.decision.chosen != null) assigned += 1;
  }
  return assigned;
}

export type DecisionRow = { id: number; trigger: string; outcome: string; ruleId: number | null; teamId: number | null; chosenWorkerId: number | null; decision: RoutingDecision; createdAt: string };

/** The ticket's routing history, newest first. */
export async function routingHistory(db: Queryable, ticketId: number, limit = 50): Promise<DecisionRow[]> {
  const rows = await db('routing_decisions').where({ ticket_id: ticketId }).orderBy('id', 'desc').limit(limit);
  return rows.map((r) => ({
    id: r.id, trigger: r.trigger, outcome: r.outcome, ruleId: r.rule_id, teamId: r.team_id, chosenWorkerId: r.chosen_worker_id,
    decision: r.decision as RoutingDecision, createdAt: (r.created_at as Date).toISOString(),
  }));
}
