import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { SNIFF_BYTES, attachmentDisposition, resolveContentType, sanitizeFilename } from '../../core/attachments';
import { LanternError, notFound } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import type { EntryKind } from '../../core/ticket';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import type { BlobStorage } from '../storage/blob-storage';
import { visibleKinds } from '../tickets/entries.service';
import { findTicket } from '../tickets/ticket.repository';
import { canSeeTicket } from '../tickets/ticket.scope';
import { getVisibleTicket } from '../tickets/tickets.service';
import { meter, peek } from './upload-stream';

export type AttachmentRow = {
  id: number;
  ticket_id: number | null;
  entry_id: number | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by_type: string;
  uploaded_by_id: number | null;
  created_at: Date;
};

export type UploadLimits = { maxBytes: number; allowedTypes: readonly string[] };
export type IncomingFile = { stream: Readable; filename: string | undefined; declaredType: string | undefined };
/** Bytes safely in storage, not yet recorded: `recordAttachment` makes them an attachment, `discardUpload` drops them. */
export type StoredUpload = { key: string; filename: string; contentType: string; size: number; sha256: string };

export function attachmentView(p: Principal, row: AttachmentRow) {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    ticketId: row.ticket_id,
    entryId: row.entry_id,
    // Customers see who wrote an entry, but not which staff member or integration uploaded what.
    uploadedBy: p.kind === 'customer' ? undefined : { type: row.uploaded_by_type, id: row.uploaded_by_id },
    contentUrl: `/api/v1/attachments/${row.id}/content`,
    createdAt: row.created_at.toISOString(),
  };
}
export type AttachmentView = ReturnType<typeof attachmentView>;

function newKey(now = new Date()): string {
  return `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
}

/**
 * Stream one upload into storage: size-limited (413, partial blob removed), judged by its real content
 * (415 before anything is stored), hashed on the way through.
 */
export async function storeUpload(storage: BlobStorage, limits: UploadLimits, file: IncomingFile): Promise<StoredUpload> {
  const metered = meter(file.stream, limits.maxBytes);
  const { head, rest } = await peek(metered.stream, SNIFF_BYTES);
  let contentType: string;
  try {
    const sniffed = await fileTypeFromBuffer(head);
    contentType = resolveContentType({ declared: file.declaredType, sniffed: sniffed?.mime, head, allowed: limits.allowedTypes });
  } catch (err) {
    metered.stream.destroy();
    throw err;
  }
  const key = newKey();
  try {
    await storage.put(key, rest, contentType);
  } catch (err) {
    // The upload's own error is the one to report; a blob that also fails to delete is an unreferenced orphan.
    await storage.delete(key).catch(() => undefined);
    throw err;
  }
  return { key, filename: sanitizeFilename(file.filename), contentType, size: metered.size(), sha256: metered.sha256() };
}

export async function discardUpload(storage: BlobStorage, upload: StoredUpload): Promise<void> {
  await storage.delete(upload.key);
}

/**
 * Record a stored upload as an attachment of the caller: unlinked (to be attached to an entry later) or,
 * with `ticketId`, attached to a ticket the caller can see. The blob is deleted if the record is refused.
 */
export async function recordAttachment(
  db: Queryable, storage: BlobStorage, p: Principal, actor: Actor, upload: StoredUpload, opts: { ticketId?: number | undefined } = {},
): Promise<AttachmentView> {
  try {
    const row = await db.transaction(async (trx) => {
      if (opts.ticketId !== undefined) await getVisibleTicket(trx, p, opts.ticketId, { forUpdate: true });
      const [inserted] = await trx('attachments')
        .insert({
          ticket_id: opts.ticketId ?? null,
          entry_id: null,
          filename: upload.filename,
          content_type: upload.contentType,
          size: upload.size,
          sha256: upload.sha256,
          storage_key: upload.key,
          uploaded_by_type: actor.type,
          uploaded_by_id: actor.id,
        })
        .returning<AttachmentRow[]>('*');
      if (!inserted) throw new LanternError('conflict', 'attachment insert returned nothing');
      await recordAudit(trx, actor, {
        action: 'attachment.create',
        entityType: 'attachment',
        entityId: inserted.id,
        after: { filename: inserted.filename, contentType: inserted.content_type, size: inserted.size, sha256: inserted.sha256, ticketId: inserted.ticket_id },
      });
      return inserted;
    });
    return attachmentView(p, row);
  } catch (err) {
    await discardUpload(storage, upload).catch(() => undefined);
    throw err;
  }
}

/**
 * The attachment if the caller may read it, else 404 (never 403, so ids cannot be probed): the uploader reads
 * an unlinked one; a linked one needs the ticket visible and, on an entry, that entry's kind visible
 * (customers never get internal-note attachments).
 */
export async function getReadableAttachment(db: Queryable, p: Principal, id: number): Promise<AttachmentRow> {
  const row = await db('attachments').where({ id }).first<AttachmentRow | undefined>();
  if (!row || !(await mayRead(db, p, row))) throw notFound('Attachment', id);
  return row;
}

async function mayRead(db: Queryable, p: Principal, row: AttachmentRow): Promise<boolean> {
  if (row.ticket_id === null) return row.uploaded_by_type === p.kind && row.uploaded_by_id === p.id;
  const ticket = await findTicket(db, row.ticket_id);
  if (!ticket || !canSeeTicket(p, ticket)) return false;
  if (row.entry_id === null) return true;
  const entry = await db('conversation_entries').where({ id: row.entry_id }).first<{ kind: EntryKind } | undefined>('kind');
  return entry !== undefined && visibleKinds(p).includes(entry.kind);
}

/** Headers that make a browser download the bytes and never render or run them, whatever they contain. */
export function contentHeaders(row: AttachmentRow): Record<string, string> {
  return {
    'Content-Type': row.content_type,
    'Content-Length': String(row.size),
    'Content-Disposition': attachmentDisposition(row.filename),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  };
}

export async function openAttachmentContent(
  db: Queryable, storage: BlobStorage, p: Principal, id: number,
): Promise<{ row: AttachmentRow; stream: Readable; headers: Record<string, string> }> {
  const row = await getReadableAttachment(db, p, id);
  return { row, stream: await storage.get(row.storage_key), headers: contentHeaders(row) };
}
