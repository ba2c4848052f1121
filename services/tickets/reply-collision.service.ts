import { LanternError, validationError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { Queryable } from '../../db/knex';

/**
 * Someone else answered while the agent was typing: a public reply or customer message newer than the last
 * entry the agent saw, by another author, is a 409 `reply_collision` listing those entries. Checked with the
 * ticket row locked, so two replies cannot both pass. Sending again without `lastSeenEntryId` goes through.
 */
export async function assertNoReplyCollision(db: Queryable, actor: Actor, ticketId: number, lastSeenEntryId: number | undefined): Promise<void> {
  if (lastSeenEntryId === undefined) return;
  if (!(await db('conversation_entries').where({ id: lastSeenEntryId, ticket_id: ticketId }).first('id'))) {
    throw validationError('Unknown last seen entry', [{ path: 'lastSeenEntryId', message: `entry ${lastSeenEntryId} is not on this ticket` }]);
  }
  const newer = await db('conversation_entries')
    .where({ ticket_id: ticketId })
    .where('id', '>', lastSeenEntryId)
    .whereIn('kind', ['public_reply', 'customer_message'])
    .whereNot((w) => w.where({ author_type: actor.type }).andWhere('author_id', actor.id ?? -1))
    .orderBy('id')
    .limit(20)
    .select<{ id: number; kind: string; author_type: string; author_id: number | null; created_at: Date }[]>('id', 'kind', 'author_type', 'author_id', 'created_at');
  if (!newer.length) return;
  throw new LanternError('conflict', `${newer.length} new ${newer.length === 1 ? 'reply was' : 'replies were'} added since you started writing; read ${newer.length === 1 ? 'it' : 'them'}, then send again`, {
    extensions: {
      code: 'reply_collision',
      newEntries: newer.map((e) => ({ id: e.id, kind: e.kind, author: { type: e.author_type, id: e.author_id }, createdAt: e.created_at.toISOString() })),
    },
  });
}
