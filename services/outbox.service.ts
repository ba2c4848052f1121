import type { EventType } from '../core/ticket';
import type { Queryable } from '../db/knex';

export const OUTBOX_DISPATCH_TASK = 'outbox_dispatch';
/** PostgreSQL channel told about every ticket event on commit; payload `{"o": outboxId, "t": ticketId}` only. */
export const TICKET_EVENTS_CHANNEL = 'lantern_ticket_events';

/**
 * Record a domain event in the caller's transaction and enqueue its dispatch job there too
 * (graphile-worker's add_job is plain SQL): the event exists if and only if the change committed.
 */
export async function publishEvent(
  db: Queryable,
  event: { type: EventType; entityType: string; entityId: string | number; payload: Record<string, unknown> },
): Promise<number> {
  // One statement: the row, its dispatch job and, for ticket events, the live-update NOTIFY (delivered on commit,
  // so listeners in every gateway process only hear about committed changes; they read the row themselves).
  const notify = event.entityType === 'ticket'
    ? `, pg_notify('${TICKET_EVENTS_CHANNEL}', json_build_object('o', o.id, 't', o.entity_id::bigint)::text)`
    : '';
  const { rows } = await db.raw(
    `WITH o AS (
       INSERT INTO outbox (event_type, entity_type, entity_id, payload) VALUES (?, ?, ?, ?::jsonb) RETURNING id, entity_id
     )
     SELECT o.id, graphile_worker.add_job(?, json_build_object('outboxId', o.id), max_attempts => 25)${notify} FROM o`,
    [event.type, event.entityType, String(event.entityId), JSON.stringify(event.payload), OUTBOX_DISPATCH_TASK],
  );
  const row = rows[0] as { id: number } | undefined;
  if (!row) throw new Error('outbox insert returned no row');
  return row.id;
}
