import { LanternError, forbidden, validationError } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import { toStoredBody } from '../../core/rich-text';
import type { CreateEntryInput } from '../../core/schemas/ticket.schema';
import { CUSTOMER_VISIBLE_KINDS, type EntryKind } from '../../core/ticket';
import type { Queryable } from '../../db/knex';
import { publishEvent } from '../outbox.service';
import { assertTemplateUsable, recordTemplateUse } from './template-use.service';
import { checkMentions, notifyMentioned } from './mentions.service';
import { assertNoReplyCollision } from './reply-collision.service';
import { recordParticipant } from './ticket.repository';
import type { TicketRow } from './ticket.view';
import { isRequester } from './ticket.scope';

export type EntryRow = {
  id: number;
  ticket_id: number;
  kind: EntryKind;
  author_type: string;
  author_id: number | null;
  channel: string;
  body_html: string;
  body_text: string;
  metadata: Record<string, unknown>;
  created_at: Date;
};

export type AttachmentRef = { id: number; filename: string; contentType: string; size: number };

/** Outbound delivery of a reply through a channel plugin (services/plugins/delivery.service.ts). */
export type EntryDelivery = {
  state: 'queued' | 'sent' | 'delivered' | 'failed' | 'read';
  plugin: string;
  attempts: number;
  error: { code: string | null; message: string | null } | null;
  updatedAt: string;
};

export function entryView(e: EntryRow, attachments: AttachmentRef[] = [], delivery: EntryDelivery | null = null) {
  return {
    id: e.id,
    ticketId: e.ticket_id,
    kind: e.kind,
    author: { type: e.author_type, id: e.author_id },
    channel: e.channel,
    bodyHtml: e.body_html,
    bodyText: e.body_text,
    attachments,
    delivery,
    mentions: Array.isArray(e.metadata?.mentions) ? (e.metadata.mentions as number[]) : [],
    createdAt: e.created_at.toISOString(),
    // Set on copies made by a merge or split (services/tickets/ticket-merge.service.ts).
    ...(e.metadata?.copiedFrom ? { copiedFrom: e.metadata.copiedFrom as { reason: 'merge' | 'split'; ticketId: number; ticketNumber: number; entryId: number } } : {}),
  };
}
export type EntryView = ReturnType<typeof entryView>;

/** Entry kinds the principal may read: internal notes only with notes:read, never for customers. */
export function visibleKinds(p: Principal): readonly EntryKind[] {
  if (p.kind === 'customer' || !p.permissions.has('notes:read')) return CUSTOMER_VISIBLE_KINDS;
  return ['customer_message', 'public_reply', 'internal_note', 'system_event'];
}

function resolveKind(p: Principal, requested: EntryKind | undefined): EntryKind {
  if (p.kind === 'customer') {
    if (requested && requested !== 'customer_message') throw forbidden('Customers can only add messages');
    return 'customer_message';
  }
  const kind = requested ?? 'public_reply';
  const needed = kind === 'internal_note' ? 'notes:create' : kind === 'public_reply' ? 'entries:create_public' : 'entries:create_customer';
  if (!p.permissions.has(needed)) throw forbidden(`Adding a ${kind.replace('_', ' ')} needs the ${needed} permission`);
  return kind;
}

async function linkAttachments(trx: Queryable, actor: Actor, ticketId: number, entryId: number, ids: number[]): Promise<AttachmentRef[]> {
  if (!ids.length) return [];
  const rows = await trx('attachments')
    .whereIn('id', ids)
    .whereNull('entry_id')
    .whereNull('ticket_id') // attached straight to a ticket counts as linked too
    .where({ uploaded_by_type: actor.type, uploaded_by_id: actor.id })
    .forUpdate()
    .select('id', 'filename', 'content_type', 'size');
  const found = new Set(rows.map((r) => r.id as number));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    throw validationError('Some attachments cannot be used', missing.map((id) => ({ path: 'attachmentIds', message: `attachment ${id} does not exist, is not yours or is already attached` })));
  }
  await trx('attachments').whereIn('id', ids).update({ ticket_id: ticketId, entry_id: entryId });
  return rows.map((r) => ({ id: r.id, filename: r.filename, contentType: r.content_type, size: r.size }));
}

/**
 * Append a conversation entry inside an open transaction. `asRequester` records a customer message
 * written on the requester's behalf (a ticket opened by an agent or integration).
 */
export async function addEntryInTransaction(
  trx: Queryable, p: Principal, actor: Actor, ticket: TicketRow, input: CreateEntryInput,
  opts: { asRequester?: boolean; /** Kept with the entry (e.g. a channel plugin's provider details). */ metadata?: Record<string, unknown> } = {},
): Promise<EntryView> {
  // Organization sharing lets colleagues read a ticket; only its requester writes to it (docs/portal.md).
  if (p.kind === 'customer' && !isRequester(p, ticket)) throw forbidden('Only the requester of this ticket can reply to it');
  const kind = opts.asRequester ? 'customer_message' : resolveKind(p, input.kind);
  const body = toStoredBody({ html: input.bodyHtml, text: input.bodyText });
  if (!body.text && !/<img/i.test(body.html)) throw validationError('The message is empty after removing unsafe content', [{ path: input.bodyHtml !== undefined ? 'bodyHtml' : 'bodyText', message: 'has no content' }]);
  if (input.templateId !== undefined) await assertTemplateUsable(trx, p, kind, input.templateId);
  const mentions = await checkMentions(trx, kind, ticket, input.mentions);
  await assertNoReplyCollision(trx, actor, ticket.id, input.lastSeenEntryId);
  const author = opts.asRequester ? { type: 'customer', id: ticket.requester_id } : { type: actor.type, id: actor.id };
  const [entry] = await trx('conversation_entries')
    .insert({
      ticket_id: ticket.id,
      kind,
      author_type: author.type,
      author_id: author.id,
      channel: p.kind === 'customer' ? ticket.channel : kind === 'internal_note' ? 'internal' : ticket.channel,
      body_html: body.html,
      body_text: body.text,
      metadata: JSON.stringify({ ...opts.metadata, ...(opts.asRequester && actor.type !== 'customer' ? { recordedBy: { type: actor.type, id: actor.id } } : {}), ...(mentions.length && { mentions }) }),
    })
    .returning<EntryRow[]>('*');
  if (!entry) throw new LanternError('conflict', 'entry insert returned nothing');
  if (input.templateId !== undefined && p.kind === 'worker') {
    await recordTemplateUse(trx, { templateId: input.templateId, entryId: entry.id, ticketId: ticket.id, workerId: p.id, usedAt: entry.created_at });
  }
  const attachments = await linkAttachments(trx, actor, ticket.id, entry.id, input.attachmentIds ?? []);
  await trx('tickets').where({ id: ticket.id }).update({ updated_at: trx.fn.now() });
  if (p.kind === 'worker' && !opts.asRequester) await recordParticipant(trx, ticket.id, p.id, kind === 'internal_note' ? 'noted' : 'replied');
  const view = entryView(entry, attachments);
  await notifyMentioned(trx, actor, view, mentions);
  await publishEvent(trx, {
    type: kind === 'internal_note' ? 'note.created' : 'message.created',
    entityType: 'ticket',
    entityId: ticket.id,
    payload: { entry: view },
  });
  return view;
}

export async function listEntries(
  db: Queryable, p: Principal, ticketId: number, page: { limit: number; afterId: number | null },
): Promise<{ entries: EntryView[]; hasMore: boolean }> {
  const rows = await db('conversation_entries')
    .where({ ticket_id: ticketId })
    .whereIn('kind', visibleKinds(p) as EntryKind[])
    .modify((q) => { if (page.afterId !== null) q.where('id', '>', page.afterId); })
    .orderBy('id', 'asc')
    .limit(page.limit + 1)
    .select<EntryRow[]>('*');
  const pageRows = rows.slice(0, page.limit);
  const attachments = pageRows.length
    ? await db('attachments').whereIn('entry_id', pageRows.map((r) => r.id)).select('id', 'entry_id', 'filename', 'content_type', 'size')
    : [];
  const deliveries = await entryDeliveries(db, pageRows.filter((r) => r.kind === 'public_reply').map((r) => r.id));
  return {
    entries: pageRows.map((r) =>
      entryView(r, attachments.filter((a) => a.entry_id === r.id).map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size })), deliveries.get(r.id) ?? null),
    ),
    hasMore: rows.length > page.limit,
  };
}

/** Plugin delivery state of public replies, by entry id. */
async function entryDeliveries(db: Queryable, entryIds: number[]): Promise<Map<number, EntryDelivery>> {
  const result = new Map<number, EntryDelivery>();
  if (!entryIds.length) return result;
  const rows = await db('plugin_deliveries').whereIn('entry_id', entryIds)
    .select('entry_id', 'state', 'plugin_id', 'attempts', 'error_code', 'error_message', 'updated_at');
  for (const d of rows) {
    result.set(d.entry_id as number, {
      state: d.state, plugin: d.plugin_id, attempts: d.attempts, updatedAt: (d.updated_at as Date).toISOString(),
      error: d.error_code || d.error_message ? { code: d.error_code, message: d.error_message } : null,
    });
  }
  // Replies on email tickets (activities/email/email-sender.ts): the state of their outgoing message, once attempted.
  const emailed = entryIds.filter((id) => !result.has(id));
  if (emailed.length) {
    const mails = await db('email_messages').where({ direction: 'out' }).whereIn('entry_id', emailed)
      .select('entry_id', 'status', 'error', 'created_at', 'sent_at');
    for (const m of mails) {
      result.set(m.entry_id as number, {
        state: m.status, plugin: 'email', attempts: 1, updatedAt: ((m.sent_at ?? m.created_at) as Date).toISOString(),
        error: m.error ? { code: m.status === 'failed' ? 'email_failed' : null, message: m.error } : null,
      });
    }
  }
  return result;
}
