import { SLA_METRICS } from '../../core/lifecycle/sla-metric';
import type { LifecycleState } from '../../core/lifecycle/state';
import type { Principal } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { keysetPage } from '../keyset';
import { getVisibleTicket } from '../tickets/tickets.service';
import type { LifecycleEngine, LifecycleListItem } from './engine-port';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 60_000));

/** The lifecycle state in API terms: ISO instants and minutes instead of epoch milliseconds. */
function stateView(state: LifecycleState) {
  const { summary } = state;
  return {
    statusCategory: summary.statusCategory,
    policyVersion: state.policyVersion,
    sla: {
      policyId: state.sla.policyId,
      warningPercent: state.sla.warningPercent,
      paused: summary.slaPaused,
      nextDeadline: summary.nextDeadline && { metric: summary.nextDeadline.metric, at: iso(summary.nextDeadline.at) },
      breachedMetrics: summary.breachedMetrics,
      clocks: SLA_METRICS.map((metric) => {
        const c = state.sla.clocks[metric];
        return {
          metric, phase: c.phase, cycle: c.cycle, targetMinutes: minutes(c.targetMs), elapsedMinutes: minutes(c.elapsedMs),
          startedAt: iso(c.startedAt), dueAt: iso(c.dueAt), warnAt: iso(c.warnAt), warnedAt: iso(c.warnedAt),
          breachedAt: iso(c.breachedAt), doneAt: iso(c.doneAt),
        };
      }),
      breaches: state.sla.breaches.map((b) => ({ metric: b.metric, cycle: b.cycle, at: iso(b.at), slaPolicyId: b.slaPolicyId })),
    },
    timers: Object.entries(state.timers).map(([name, t]) => ({ name, fireAt: iso(t.fireAt) })),
    pending: { since: iso(state.pending.since), remindersSent: state.pending.remindersSent },
    resolution: { count: state.resolution.count, solvedAt: iso(state.resolution.solvedAt), closedAt: iso(state.resolution.closedAt) },
    survey: state.survey && { ...state.survey, dueAt: iso(state.survey.dueAt), sentAt: iso(state.survey.sentAt), answeredAt: iso(state.survey.answeredAt) },
    failedActivities: state.failedActivities.map((f) => ({ ...f, at: iso(f.at) })),
  };
}

/** A listed lifecycle's summary with ISO instants, like the single-ticket view. */
export function listItemView(item: LifecycleListItem) {
  const { summary } = item;
  return {
    ...item,
    summary: {
      ...summary,
      nextDeadline: summary.nextDeadline && { metric: summary.nextDeadline.metric, at: iso(summary.nextDeadline.at) },
      nextTimerAt: iso(summary.nextTimerAt),
    },
  };
}

type HistoryRow = { id: number; event_id: string; event_type: string; event: { at?: number }; commands: unknown[]; applied_at: Date };

/**
 * A ticket's lifecycle for staff: the engine's current state (clocks, deadlines, timers, survey), the surveys
 * sent for it with their answers, and the history of applied events, newest first (embedded engine; a Temporal
 * lifecycle keeps its history in Temporal). Customers never get here: the route needs notes:read.
 */
export async function getTicketLifecycle(
  db: Queryable, engine: LifecycleEngine, p: Principal, ticketId: number, page: { limit: number; cursor?: string | undefined },
) {
  await getVisibleTicket(db, p, ticketId);
  const state = await engine.query(ticketId);
  const surveys = await db('surveys').where({ ticket_id: ticketId }).orderBy('resolution')
    .select('resolution', 'worker_id', 'rating', 'comment', 'created_at', 'expires_at', 'answered_at');
  const history = await keysetPage<HistoryRow>(
    db('lifecycle_history').where({ ticket_id: ticketId }).select('id', 'event_id', 'event_type', 'event', 'commands', 'applied_at'),
    { column: 'id', idColumn: 'id', value: 'id', desc: true }, page,
  );
  return {
    ticketId,
    engine: engine.kind,
    started: state !== null,
    lifecycle: state && stateView(state),
    surveys: surveys.map((s) => ({
      resolution: s.resolution as number, workerId: s.worker_id as number | null, rating: s.rating as number | null, comment: s.comment as string | null,
      sentAt: (s.created_at as Date).toISOString(), expiresAt: (s.expires_at as Date).toISOString(), answeredAt: s.answered_at ? (s.answered_at as Date).toISOString() : null,
    })),
    history: {
      data: history.rows.map((h) => ({
        id: h.id, eventId: h.event_id, type: h.event_type, at: iso(typeof h.event.at === 'number' ? h.event.at : null),
        appliedAt: h.applied_at.toISOString(), event: h.event, commands: h.commands,
      })),
      nextCursor: history.nextCursor,
    },
  };
}
