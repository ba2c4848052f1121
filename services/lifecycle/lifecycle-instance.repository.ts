import type { LifecycleCommand } from '../../core/lifecycle/commands';
import type { LifecycleEvent } from '../../core/lifecycle/events';
import type { LifecycleState } from '../../core/lifecycle/state';
import { notFound } from '../../core/errors';
import type { Db, Queryable } from '../../db/knex';
import { keysetPage } from '../keyset';
import type { LifecycleListFilter, LifecycleListItem } from './engine-port';

export type InstanceRow = { state: LifecycleState; version: number };

type Decided = { ticketId: number; event: LifecycleEvent; commands: readonly LifecycleCommand[]; state: LifecycleState; version: number };

/** Named bindings for the statements below: the state's summary goes into columns so `list` filters use indexes. */
function bindings(d: Decided) {
  const { summary } = d.state;
  return {
    ticketId: d.ticketId,
    state: JSON.stringify(d.state),
    policyVersion: d.state.policyVersion,
    running: summary.statusCategory !== 'closed',
    statusCategory: summary.statusCategory,
    slaPolicyId: summary.slaPolicyId,
    nextDeadlineAt: summary.nextDeadline ? new Date(summary.nextDeadline.at) : null,
    nextTimerAt: summary.nextTimerAt === null ? null : new Date(summary.nextTimerAt),
    breached: summary.breachedMetrics.length > 0,
    breachCount: summary.breachCount,
    version: d.version,
    eventId: d.event.id,
    eventType: d.event.type,
    event: JSON.stringify(d.event),
    commands: JSON.stringify(d.commands),
  };
}

/**
 * First event of a ticket: create the instance row with its decided state and the first history row in one
 * statement. False when the row already exists (a concurrent or repeated start); the caller then takes the locking
 * path. The insert holds the new row's lock until commit, so a concurrent start waits and then finds it.
 */
export async function insertFirst(trx: Queryable, d: Decided): Promise<boolean> {
  try {
    const { rows } = await trx.raw<{ rows: unknown[] }>(
      `WITH instance AS (
         INSERT INTO lifecycle_instances (ticket_id, state, policy_version, running, status_category, sla_policy_id,
                                          next_deadline_at, next_timer_at, breached, breach_count, version)
         VALUES (:ticketId, :state, :policyVersion, :running, :statusCategory, :slaPolicyId, :nextDeadlineAt, :nextTimerAt,
                 :breached, :breachCount, :version)
         ON CONFLICT (ticket_id) DO NOTHING
         RETURNING ticket_id)
       INSERT INTO lifecycle_history (ticket_id, event_id, event_type, event, commands, version)
       SELECT ticket_id, CAST(:eventId AS text), CAST(:eventType AS text), CAST(:event AS json), CAST(:commands AS json),
              CAST(:version AS integer)
         FROM instance
       RETURNING id`,
      bindings(d),
    );
    return rows.length > 0;
  } catch (err) {
    if ((err as { code?: unknown }).code === '23503') throw notFound('Ticket', d.ticketId);
    throw err;
  }
}

/** Lock the ticket's instance row for the rest of the transaction: events of one ticket apply one at a time. */
export async function lockInstance(trx: Queryable, ticketId: number): Promise<InstanceRow | undefined> {
  return trx('lifecycle_instances').where({ ticket_id: ticketId }).forUpdate().first<InstanceRow | undefined>('state', 'version');
}

/**
 * Append the event to the history and store the state it produced, in one statement; false (and nothing written)
 * when the ticket already has an event with this id: a redelivery older than the decider's window of recent ids.
 */
export async function saveDecision(trx: Queryable, d: Decided): Promise<boolean> {
  const { rows } = await trx.raw<{ rows: unknown[] }>(
    `WITH appended AS (
       INSERT INTO lifecycle_history (ticket_id, event_id, event_type, event, commands, version)
       VALUES (:ticketId, :eventId, :eventType, :event, :commands, :version)
       ON CONFLICT (ticket_id, event_id) DO NOTHING
       RETURNING ticket_id)
     UPDATE lifecycle_instances AS li
        SET state = :state, policy_version = :policyVersion, running = :running, status_category = :statusCategory,
            sla_policy_id = :slaPolicyId, next_deadline_at = :nextDeadlineAt, next_timer_at = :nextTimerAt, breached = :breached,
            breach_count = :breachCount, version = :version, updated_at = now()
       FROM appended WHERE li.ticket_id = appended.ticket_id
     RETURNING li.version`,
    bindings(d),
  );
  return rows.length > 0;
}

export async function readState(db: Queryable, ticketId: number): Promise<LifecycleState | null> {
  const row = await db('lifecycle_instances').where({ ticket_id: ticketId }).first<{ state: LifecycleState } | undefined>('state');
  return row?.state ?? null;
}

type ListRow = { id: number; running: boolean; summary: LifecycleListItem['summary']; updated_at: Date };

/** Instances by ticket id, keyset-paginated; filters are served by the summary columns' indexes. */
export async function listInstances(db: Db, filter: LifecycleListFilter): Promise<{ items: LifecycleListItem[]; nextCursor: string | null }> {
  const q = db('lifecycle_instances').select('ticket_id as id', 'running', db.raw(`state->'summary' AS summary`), 'updated_at');
  if (filter.statusCategory !== undefined) q.where('status_category', filter.statusCategory);
  if (filter.breached !== undefined) q.where('breached', filter.breached);
  if (filter.dueBefore !== undefined) q.where('next_deadline_at', '<', new Date(filter.dueBefore));
  const page = await keysetPage<ListRow>(
    q,
    { column: 'ticket_id', idColumn: 'ticket_id', value: 'id' },
    { limit: filter.limit, cursor: filter.cursor },
  );
  return {
    items: page.rows.map((r) => ({ ticketId: r.id, running: r.running, summary: r.summary, updatedAt: r.updated_at.toISOString() })),
    nextCursor: page.nextCursor,
  };
}
