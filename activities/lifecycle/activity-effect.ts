import type { ActivityName } from '../../core/lifecycle/commands';
import type { Db, Queryable } from '../../db/knex';
import { findTicket } from '../../services/tickets/ticket.repository';
import type { TicketRow } from '../../services/tickets/ticket.view';
import { NonRetryableActivityError } from './lifecycle-activities';

/** What an activity reports back to the lifecycle (activity_result.result); small plain JSON. */
export type EffectResult = Record<string, unknown>;

/**
 * Run an activity's effect at most once per idempotency key, whatever engine retries it: the key is claimed
 * in `lifecycle_activity_effects` in the same transaction as the effect, so either both commit or neither
 * does. A repeat (retry after a crash, replayed workflow, concurrent duplicate) returns the first result.
 */
export async function runOnce(
  db: Db,
  run: { idempotencyKey: string; activity: ActivityName; ticketId: number },
  effect: (trx: Queryable) => Promise<EffectResult>,
): Promise<EffectResult> {
  return db.transaction(async (trx) => {
    const claimed = await trx('lifecycle_activity_effects')
      .insert({ idempotency_key: run.idempotencyKey, activity: run.activity, ticket_id: run.ticketId })
      .onConflict('idempotency_key')
      .ignore()
      .returning('idempotency_key');
    if (claimed.length === 0) {
      const done = await trx('lifecycle_activity_effects').where({ idempotency_key: run.idempotencyKey }).first<{ result: EffectResult | null }>('result');
      return { ...(done?.result ?? {}), repeated: true };
    }
    const result = await effect(trx);
    await trx('lifecycle_activity_effects').where({ idempotency_key: run.idempotencyKey }).update({ result: JSON.stringify(result) });
    return result;
  });
}

/**
 * The ticket as it is now (not locked: notifications and messages do not change it, and agents' edits should not
 * wait for them). A deleted ticket can never succeed, so the engine must not retry.
 */
export async function currentTicket(trx: Queryable, ticketId: number): Promise<TicketRow> {
  const row = await findTicket(trx, ticketId);
  if (!row) throw new NonRetryableActivityError('ticket_not_found', `Ticket ${ticketId} does not exist (deleted?)`);
  return row;
}

/** A short reference to the ticket for notification and message payloads. */
export const ticketRef = (t: TicketRow) => ({ id: t.id, number: t.number, subject: t.subject, status: t.status_category, priority: t.priority_name });
