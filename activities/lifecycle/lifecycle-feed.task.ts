import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import { LIFECYCLE_SOURCE_EVENTS, lifecycleEventsFor } from '../../core/lifecycle/ticket-events';
import type { Db, Queryable } from '../../db/knex';
import type { LifecycleEngine } from '../../services/lifecycle/engine-port';
import { enqueueLifecycleFeed, enqueuePolicyRollout } from '../../services/lifecycle/lifecycle-feed.jobs';
import type { DispatchedEvent } from '../webhooks/outbox-dispatch.task';

const payloadSchema = z.object({ ticketId: z.number().int().positive() });
const BATCH = 100;

type OutboxRow = { id: number; event_type: string; occurred_at: Date; payload: Record<string, unknown> };

async function organizationOf(db: Queryable, payload: Record<string, unknown>): Promise<number | null> {
  const ticket = payload.ticket as { requesterId?: unknown } | undefined;
  if (typeof ticket?.requesterId !== 'number') return null;
  const row = await db('customers').where({ id: ticket.requesterId }).first('organization_id');
  return (row?.organization_id as number | null | undefined) ?? null;
}

/**
 * Called by outbox_dispatch in its transaction: ticket events wake the ticket's feed, a new policy version
 * starts its rollout. Everything else is the webhooks' business only.
 */
export async function onOutboxDispatched(
  trx: Queryable, event: DispatchedEvent,
): Promise<void> {
  if (event.entity_type === 'ticket' && (LIFECYCLE_SOURCE_EVENTS as readonly string[]).includes(event.event_type)) {
    await enqueueLifecycleFeed(trx, Number(event.entity_id));
  } else if (event.event_type === 'policy.updated') {
    await enqueuePolicyRollout(trx, { version: Number(event.entity_id), at: event.occurred_at.getTime(), cursor: null });
  }
}

/**
 * `lifecycle_feed`: deliver a ticket's outbox events to its lifecycle in outbox-id order, which for one ticket is
 * commit order (every ticket write holds the ticket's row lock). The ticket's progress row is locked for the run,
 * so feeds of one ticket never interleave. Event ids derive from outbox ids: a crash after signalling and before
 * recording progress re-sends events the engine drops as duplicates.
 */
export function createLifecycleFeedTask({ db, logger, engine }: { db: Db; logger: Logger; engine: LifecycleEngine }): Task {
  return async (rawPayload, helpers) => {
    const parsed = payloadSchema.safeParse(rawPayload);
    if (!parsed.success) {
      logger.error({ jobId: helpers.job.id, payload: rawPayload }, 'lifecycle_feed job with an invalid payload dropped');
      return;
    }
    const { ticketId } = parsed.data;
    const more = await db.transaction(async (trx) => {
      await trx('lifecycle_feed_progress').insert({ ticket_id: ticketId }).onConflict('ticket_id').ignore();
      const progress = await trx('lifecycle_feed_progress').where({ ticket_id: ticketId }).forUpdate().first<{ last_outbox_id: number }>('last_outbox_id');
      const rows = (await trx('outbox')
        .where({ entity_type: 'ticket', entity_id: String(ticketId) })
        .where('id', '>', progress.last_outbox_id)
        .whereIn('event_type', LIFECYCLE_SOURCE_EVENTS as string[])
        .orderBy('id')
        .limit(BATCH)
        .select('id', 'event_type', 'occurred_at', 'payload')) as OutboxRow[];
      if (rows.length === 0) return false;
      // A deleted ticket's lifecycle went with it (cascade); its remaining events have nothing to reach.
      const alive = Boolean(await trx('tickets').where({ id: ticketId }).first('id'));
      for (const row of alive ? rows : []) {
        const organizationId = row.event_type === 'ticket.created' ? await organizationOf(trx, row.payload) : null;
        const events = lifecycleEventsFor({ id: row.id, eventType: row.event_type, occurredAt: row.occurred_at.getTime(), payload: row.payload }, { organizationId });
        for (const event of events) await engine.signal(ticketId, event);
      }
      await trx('lifecycle_feed_progress').where({ ticket_id: ticketId }).update({ last_outbox_id: rows.at(-1)!.id, updated_at: trx.fn.now() });
      return rows.length === BATCH;
    });
    if (more) await enqueueLifecycleFeed(db, ticketId);
  };
}
