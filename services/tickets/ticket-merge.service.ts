import { LanternError, validationError } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import type { SplitInput } from '../../core/schemas/ticket-link.schema';
import type { CreateTicketInput } from '../../core/schemas/ticket.schema';
import type { EntryKind } from '../../core/ticket';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { publishEvent } from '../outbox.service';
import { visibleKinds, type EntryRow } from './entries.service';
import { insertLinkPair, lockPair } from './ticket-links.service';
import { findTicket } from './ticket.repository';
import { workerTicketView, type TicketRow } from './ticket.view';
import { applySystemChange, createTicket, getVisibleTicket } from './tickets.service';

/*
 * Merge and split. Conversation history is append-only (a trigger forbids updates), so both COPY entries:
 * each copy keeps kind, author, channel, body and original time, and carries `metadata.copiedFrom`
 * { reason, ticketId, ticketNumber, entryId }. Attachments of a copied entry get rows of their own on the copy
 * that share the original blob (`attachments.copy_of`). Copies are left out of the metrics of the ticket they land
 * in (services/metrics/ticket-metrics.service.ts): they were answered, or not, on their own ticket.
 */

export type CopiedFrom = { reason: 'merge' | 'split'; ticketId: number; ticketNumber: number; entryId: number };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Copy entries (in the given order, which is the original order) to `target`; returns the new entry ids. */
async function copyEntries(trx: Queryable, source: TicketRow, target: TicketRow, entries: EntryRow[], reason: CopiedFrom['reason']): Promise<number[]> {
  const newIds: number[] = [];
  const CHUNK = 500;
  for (let i = 0; i < entries.length; i += CHUNK) {
    const chunk = entries.slice(i, i + CHUNK);
    // One multi-row VALUES insert: ids are drawn in row order, so the copies keep the original order.
    const inserted = await trx('conversation_entries')
      .insert(chunk.map((e) => ({
        ticket_id: target.id,
        kind: e.kind,
        author_type: e.author_type,
        author_id: e.author_id,
        channel: e.channel,
        body_html: e.body_html,
        body_text: e.body_text,
        created_at: e.created_at,
        metadata: JSON.stringify({ ...e.metadata, copiedFrom: { reason, ticketId: source.id, ticketNumber: source.number, entryId: e.id } satisfies CopiedFrom }),
      })))
      .returning<Array<{ id: number }>>('id');
    const ids = inserted.map((r) => Number(r.id)).sort((a, b) => a - b);
    newIds.push(...ids);
    const pairs = chunk.map((e, j) => [e.id, ids[j]!] as const);
    await trx.raw(
      `INSERT INTO attachments (ticket_id, entry_id, filename, content_type, size, sha256, storage_key, uploaded_by_type, uploaded_by_id, created_at, copy_of)
       SELECT ?, m.new_id, a.filename, a.content_type, a.size, a.sha256, a.storage_key, a.uploaded_by_type, a.uploaded_by_id, a.created_at, coalesce(a.copy_of, a.id)
         FROM attachments a JOIN unnest(?::bigint[], ?::bigint[]) AS m(old_id, new_id) ON a.entry_id = m.old_id
        ORDER BY a.id`,
      [target.id, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
  }
  return newIds;
}

async function systemEvent(trx: Queryable, ticketId: number, text: string, metadata: Record<string, unknown>): Promise<void> {
  await trx('conversation_entries').insert({
    ticket_id: ticketId, kind: 'system_event', author_type: 'system', author_id: null, channel: 'internal',
    body_html: `<p>${escapeHtml(text)}</p>`, body_text: text, metadata: JSON.stringify(metadata),
  });
}

const touch = (trx: Queryable, ids: number[]) => trx('tickets').whereIn('id', ids).update({ updated_at: trx.fn.now() });

/** The closed status a merged ticket takes: the first active one in the closed category. */
async function closedStatusId(trx: Queryable): Promise<number> {
  const row = await trx('statuses').where({ category: 'closed', active: true }).orderBy(['position', 'id']).first<{ id: number } | undefined>('id');
  if (!row) throw new LanternError('conflict', 'No active status in the closed category exists; add one before merging');
  return row.id;
}

/**
 * Merge `sourceId` into `targetTicketId`: the source's messages and notes are copied into the target, the source's
 * requester takes part in the target, both get a system event, the source is closed and the two are linked
 * merged_into / merged_from. All in one transaction with its audit rows and events.
 */
export async function mergeTickets(db: Queryable, p: Principal, actor: Actor, sourceId: number, targetTicketId: number): Promise<TicketRow> {
  if (sourceId === targetTicketId) throw new LanternError('conflict', 'A ticket cannot be merged into itself');
  return db.transaction(async (trx) => {
    const [source, target] = await lockPair(trx, p, sourceId, targetTicketId, 'targetTicketId');
    const merges = await trx('ticket_links as l').join('tickets as t', 't.id', 'l.linked_ticket_id')
      .whereIn('l.ticket_id', [source.id, target.id]).where('l.kind', 'merged_into').select('l.ticket_id', 't.number');
    const sourceMerged = merges.find((m) => Number(m.ticket_id) === source.id);
    if (sourceMerged) throw new LanternError('conflict', `Ticket #${source.number} was already merged into #${sourceMerged.number}`);
    const targetMerged = merges.find((m) => Number(m.ticket_id) === target.id);
    if (targetMerged) throw new LanternError('conflict', `Ticket #${target.number} was merged into #${targetMerged.number}; merge into that one instead`);
    if (target.status_category === 'closed') throw new LanternError('conflict', `Ticket #${target.number} is closed; a closed ticket cannot receive a merge`);
    const closedId = await closedStatusId(trx);

    // System events describe the source's own life (surveys, earlier merges): they stay there.
    const entries = await trx('conversation_entries').where({ ticket_id: source.id }).whereNot('kind', 'system_event').orderBy('id').select<EntryRow[]>('*');
    const copied = await copyEntries(trx, source, target, entries, 'merge');
    if (source.requester_id !== target.requester_id) {
      await trx('ticket_customer_participants')
        .insert({ ticket_id: target.id, customer_id: source.requester_id, reason: `merged from #${source.number}` })
        .onConflict(['ticket_id', 'customer_id']).ignore();
    }
    await systemEvent(trx, target.id, `Ticket #${source.number} was merged into this ticket (${copied.length} entries copied)`, { merge: { sourceId: source.id, targetId: target.id } });
    await systemEvent(trx, source.id, `Merged into ticket #${target.number}`, { merge: { sourceId: source.id, targetId: target.id } });
    // A merge supersedes any earlier relation between the two.
    await trx('ticket_links')
      .where((w) => w.where({ ticket_id: source.id, linked_ticket_id: target.id }).orWhere({ ticket_id: target.id, linked_ticket_id: source.id }))
      .delete();
    await insertLinkPair(trx, actor, source.id, target.id, 'merged_into');
    await touch(trx, [target.id]);
    await applySystemChange(trx, actor, source.id, () => ({ statusId: closedId }));

    const [sourceAfter, targetAfter] = [(await findTicket(trx, source.id))!, (await findTicket(trx, target.id))!];
    const merge = { source: { id: source.id, number: source.number }, target: { id: target.id, number: target.number }, entriesCopied: copied.length };
    await recordAudit(trx, actor, { action: 'ticket.merge', entityType: 'ticket', entityId: source.id, after: { mergedInto: target.id, entriesCopied: copied.length } });
    await recordAudit(trx, actor, { action: 'ticket.merge', entityType: 'ticket', entityId: target.id, after: { mergedFrom: source.id, entryIds: copied } });
    await publishEvent(trx, { type: 'ticket.merged', entityType: 'ticket', entityId: source.id, payload: { ticket: workerTicketView(sourceAfter), role: 'source', merge } });
    await publishEvent(trx, { type: 'ticket.merged', entityType: 'ticket', entityId: target.id, payload: { ticket: workerTicketView(targetAfter), role: 'target', merge } });
    return targetAfter;
  });
}

/**
 * Split entries off into a new ticket (same requester, team, priority, channel, language) whose conversation
 * starts with copies of them; the two tickets are linked `related`. The originals stay where they were.
 */
export async function splitTicket(db: Queryable, p: Principal, actor: Actor, ticketId: number, input: SplitInput): Promise<TicketRow> {
  return db.transaction(async (trx) => {
    const source = await getVisibleTicket(trx, p, ticketId, { forUpdate: true });
    const entries = await trx('conversation_entries').where({ ticket_id: source.id }).whereIn('id', input.entryIds)
      .whereIn('kind', visibleKinds(p) as EntryKind[]).orderBy('id').select<EntryRow[]>('*');
    const found = new Set(entries.map((e) => Number(e.id)));
    const missing = input.entryIds.map((id, i) => ({ id, i })).filter(({ id }) => !found.has(id));
    if (missing.length) {
      throw validationError('Only entries of this ticket can be split off', missing.map(({ id, i }) => ({ path: `entryIds.${i}`, message: `entry ${id} is not part of ticket ${ticketId}` })));
    }
    const created = await createTicket(trx, p, actor, {
      subject: input.subject ?? source.subject, requesterId: source.requester_id, teamId: source.team_id, priorityId: source.priority_id,
      channel: source.channel as CreateTicketInput['channel'], language: source.language,
    });
    const copied = await copyEntries(trx, source, created, entries, 'split');
    await systemEvent(trx, created.id, `Split from ticket #${source.number} (${copied.length} entries copied)`, { split: { sourceId: source.id, ticketId: created.id } });
    await systemEvent(trx, source.id, `${copied.length} entries split off into ticket #${created.number}`, { split: { sourceId: source.id, ticketId: created.id } });
    await insertLinkPair(trx, actor, source.id, created.id, 'related');
    await touch(trx, [source.id, created.id]);

    const after = (await findTicket(trx, created.id))!;
    const split = { source: { id: source.id, number: source.number }, ticket: { id: after.id, number: after.number }, entryIds: entries.map((e) => e.id) };
    await recordAudit(trx, actor, { action: 'ticket.split', entityType: 'ticket', entityId: source.id, after: { ...split, copiedEntryIds: copied } });
    await publishEvent(trx, { type: 'ticket.split', entityType: 'ticket', entityId: source.id, payload: { ticket: workerTicketView(source), split } });
    return after;
  });
}
