import type { LifecycleCommand } from '../../core/lifecycle/commands';
import type { LifecycleEvent } from '../../core/lifecycle/events';
import { type LifecycleState, initialLifecycleState } from '../../core/lifecycle/state';
import { notFound } from '../../core/errors';
import type { Db, Queryable } from '../../db/knex';
import { keysetPage } from '../keyset';
import type { LifecycleListFilter, LifecycleListItem } from './engine-port';

export type InstanceRow = { state: LifecycleState; version: number };

/** Create the instance row in its initial state unless it exists; a missing ticket is a not-found, never a 500. */
export async function createInstance(trx: Queryable, ticketId: number): Promise<void> {
  try {
    await trx('lifecycle_instances')
      .insert({ ticket_id: ticketId, state: JSON.stringify(initialLifecycleState()) })
      .onConflict('ticket_id')
      .ignore();
  } catch (err) {
    if ((err as { code?: unknown }).code === '23503') throw notFound('Ticket', ticketId);
    throw err;
  }
}

/** Lock the ticket's instance row for the rest of the transaction: events of one ticket apply one at a time. */
export async function lockInstance(trx: Queryable, ticketId: number): Promise<InstanceRow | undefined> {
  return trx('lifecycle_instances').where({ ticket_id: ticketId }).forUpdate().first<InstanceRow | undefined>('state', 'version');
}

export async function saveInstance(trx: Queryable, ticketId: number, state: LifecycleState, version: number): Promise<void> {
  const { summary } = state;
  await trx('lifecycle_instances')
    .where({ ticket_id: ticketId })
    .update({
      state: JSON.stringify(state),
      policy_version: state.policyVersion,
      running: summary.statusCategory !== 'closed',
      status_category: summary.statusCategory,
      sla_policy_id: summary.slaPolicyId,
      next_deadline_at: summary.nextDeadline ? new Date(summary.nextDeadline.at) : null,
      next_timer_at: summary.nextTimerAt === null ? null : new Date(summary.nextTimerAt),
      breached: summary.breachedMetrics.length > 0,
      breach_count: summary.breachCount,
      updated_at: trx.fn.now(),
      version,
    });
}

/** Append one applied event; false when the ticket already has an event with this id (a redelivery). */
export async function appendHistory(
  trx: Queryable,
  entry: { ticketId: number; event: LifecycleEvent; commands: readonly LifecycleCommand[]; version: number },
): Promise<boolean> {
  const rows = await trx('lifecycle_history')
    .insert({
      ticket_id: entry.ticketId,
      event_id: entry.event.id,
      event_type: entry.event.type,
      event: JSON.stringify(entry.event),
      commands: JSON.stringify(entry.commands),
      version: entry.version,
    })
    .onConflict(['ticket_id', 'event_id'])
    .ignore()
    .returning('id');
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
