import type { EventType } from '../core/ticket';
import type { Queryable } from '../db/knex';

export const OUTBOX_DISPATCH_TASK = 'outbox_dispatch';

/**
 * Record a domain event in the caller's transaction and enqueue its dispatch job there too
 * (graphile-worker's add_job is plain SQL): the event exists if and only if the change committed.
 */
export async function publishEvent(
  db: Queryable,
  event: { type: EventType; entityType: string; entityId: string | number; payload: Record<string, unknown> },
): Promise<number> {
  const [row] = await db('outbox')
    .insert({
      event_type: event.type,
      entity_type: event.entityType,
      entity_id: String(event.entityId),
      payload: JSON.stringify(event.payload),
    })
    .returning<{ id: number }[]>('id');
  if (!row) throw new Error('outbox insert returned no row');
  await db.raw(`SELECT graphile_worker.add_job(?, json_build_object('outboxId', ?::bigint), max_attempts => 25)`, [
    OUTBOX_DISPATCH_TASK,
    row.id,
  ]);
  return row.id;
}
