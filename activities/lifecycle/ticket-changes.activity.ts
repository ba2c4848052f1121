import { priorityKey } from '../../core/lifecycle/policy-compile';
import { SYSTEM_ACTOR } from '../../core/principal';
import { normalizeTags } from '../../core/tags';
import type { Db, Queryable } from '../../db/knex';
import { applySystemChange, type TicketChanges } from '../../services/tickets/tickets.service';
import type { TicketRow } from '../../services/tickets/ticket.view';
import { runOnce, type EffectResult } from './activity-effect';
import { type LifecycleActivityFn, NonRetryableActivityError } from './lifecycle-activities';

/** Apply a lifecycle-decided change as the system; `decide` returns null when the ticket moved on meanwhile. */
async function change(trx: Queryable, ticketId: number, decide: (row: TicketRow) => TicketChanges | null): Promise<EffectResult> {
  const outcome = await applySystemChange(trx, SYSTEM_ACTOR, ticketId, decide);
  if (!outcome) throw new NonRetryableActivityError('ticket_not_found', `Ticket ${ticketId} does not exist (deleted?)`);
  return { changed: outcome.changed, version: outcome.ticket.version };
}

async function priorityByKey(trx: Queryable, key: string): Promise<{ id: number; rank: number }> {
  const rows = (await trx('priorities').where({ active: true }).select('id', 'name', 'rank')) as { id: number; name: string; rank: number }[];
  const found = rows.find((p) => priorityKey(p.name) === key);
  if (!found) throw new NonRetryableActivityError('unknown_priority', `No active priority is called "${key}"`);
  return found;
}

/** The first active status of a category, in display order. */
async function statusOf(trx: Queryable, category: string): Promise<number> {
  const row = await trx('statuses').where({ category, active: true }).orderBy(['position', 'id']).first('id');
  if (!row) throw new NonRetryableActivityError('no_status_for_category', `No active status has the category ${category}`);
  return row.id as number;
}

/**
 * Escalation and automation changes to the ticket itself, through the ticket service (history, audit and
 * outbox events like any edit; the events come back to the lifecycle as ordinary changes). Each is a
 * compare-and-set against what the ticket is now, so an agent's change made meanwhile wins.
 */
export function ticketChangeActivities(db: Db): {
  raise_priority: LifecycleActivityFn<'raise_priority'>;
  reassign_team: LifecycleActivityFn<'reassign_team'>;
  add_tag: LifecycleActivityFn<'add_tag'>;
  set_status: LifecycleActivityFn<'set_status'>;
} {
  return {
    // Raise only: a ticket already at or above the target (an agent raised it) is left alone.
    raise_priority: ({ ticketId, idempotencyKey, input }) =>
      runOnce(db, { idempotencyKey, activity: 'raise_priority', ticketId }, async (trx) => {
        const to = await priorityByKey(trx, input.to);
        return change(trx, ticketId, (t) => (t.priority_rank < to.rank ? { priorityId: to.id } : null));
      }),

    reassign_team: ({ ticketId, idempotencyKey, input }) =>
      runOnce(db, { idempotencyKey, activity: 'reassign_team', ticketId }, async (trx) => {
        const teamId = /^\d{1,15}$/.test(input.to) ? Number(input.to) : null;
        const team = teamId === null ? undefined : await trx('teams').where({ id: teamId }).first('id');
        if (!team) throw new NonRetryableActivityError('team_not_found', `Team ${input.to} does not exist`);
        return change(trx, ticketId, (t) => (String(t.team_id ?? '') === (input.from ?? '') ? { teamId: team.id as number } : null));
      }),

    add_tag: ({ ticketId, idempotencyKey, input }) =>
      runOnce(db, { idempotencyKey, activity: 'add_tag', ticketId }, async (trx) => {
        let tag: string | undefined;
        try {
          [tag] = normalizeTags([input.tag]);
        } catch {
          throw new NonRetryableActivityError('invalid_tag', `"${input.tag}" is not a valid tag`);
        }
        return change(trx, ticketId, (t) => (tag && !t.tags.includes(tag) ? { tags: [...t.tags, tag] } : null));
      }),

    set_status: ({ ticketId, idempotencyKey, input }) =>
      runOnce(db, { idempotencyKey, activity: 'set_status', ticketId }, async (trx) => {
        const statusId = await statusOf(trx, input.to);
        return change(trx, ticketId, (t) => (t.status_category === input.from ? { statusId } : null));
      }),
  };
}
