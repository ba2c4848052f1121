import { randomUUID } from 'node:crypto';
import { notFound } from '../../core/errors';
import { SYSTEM_ACTOR, type Actor } from '../../core/principal';
import type { ListQuarantineQuery, QuarantineDetail, QuarantineReason, QuarantineView } from '../../core/schemas/email.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { keysetPage, type Page } from '../keyset';
import type { BlobStorage } from '../storage/blob-storage';
import { parseEmail, type ParsedEmail } from './mime-parse';

export type QuarantineRow = {
  id: number; reason: QuarantineReason; detail: string; source: 'smtp' | 'imap'; address_id: number | null; mail_from: string; rcpt_to: string[];
  from_address: string; subject: string; message_id: string | null; spam_score: number | null; size: number; storage_key: string;
  status: 'held' | 'released'; released_ticket_id: number | null; created_at: Date; released_at: Date | null;
};

const ENTITY = 'email_quarantine';

export function quarantineView(r: QuarantineRow): QuarantineView {
  return {
    id: r.id, reason: r.reason, detail: r.detail, source: r.source, addressId: r.address_id, mailFrom: r.mail_from, rcptTo: r.rcpt_to,
    from: r.from_address, subject: r.subject, messageId: r.message_id, spamScore: r.spam_score, size: Number(r.size), status: r.status,
    releasedTicketId: r.released_ticket_id, createdAt: r.created_at.toISOString(), releasedAt: r.released_at?.toISOString() ?? null,
  };
}

export type QuarantineInput = {
  reason: QuarantineReason; detail: string; source: 'smtp' | 'imap'; addressId: number | null; mailFrom: string; rcptTo: string[];
  raw: Buffer; parsed: ParsedEmail | null; spamScore?: number | null;
};

/**
 * Keep a message we did not turn into a ticket: the raw bytes in blob storage, the envelope and reason in
 * `email_quarantine`. Admins review it through /api/v1/email/quarantine; nothing is dropped silently.
 */
export async function quarantineMessage(db: Queryable, storage: BlobStorage, input: QuarantineInput): Promise<number> {
  const now = new Date();
  const key = `email-quarantine/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}.eml`;
  await storage.put(key, input.raw, 'message/rfc822');
  try {
    return await db.transaction(async (trx) => {
      const [row] = await trx('email_quarantine').insert({
        reason: input.reason, detail: input.detail.slice(0, 2000), source: input.source, address_id: input.addressId,
        mail_from: input.mailFrom.slice(0, 320), rcpt_to: input.rcptTo.slice(0, 100), from_address: input.parsed?.from?.address ?? '',
        subject: (input.parsed?.subject ?? '').slice(0, 1000), message_id: input.parsed?.messageId ?? null,
        spam_score: input.spamScore ?? null, size: input.raw.length, storage_key: key,
      }).returning<QuarantineRow[]>('*');
      await recordAudit(trx, SYSTEM_ACTOR, { action: 'email_quarantine.hold', entityType: ENTITY, entityId: row!.id, after: quarantineView(row!) });
      return row!.id;
    });
  } catch (err) {
    await storage.delete(key).catch(() => undefined);
    throw err;
  }
}

export async function listQuarantine(db: Queryable, query: ListQuarantineQuery): Promise<Page<QuarantineView>> {
  const q = db('email_quarantine').select('*');
  if (query.reason) q.where({ reason: query.reason });
  if (query.status) q.where({ status: query.status });
  const page = await keysetPage<QuarantineRow>(q, { column: 'email_quarantine.id', idColumn: 'email_quarantine.id', value: 'id', desc: true }, query);
  return { rows: page.rows.map(quarantineView), nextCursor: page.nextCursor };
}

async function findRow(db: Queryable, id: number, forUpdate = false): Promise<QuarantineRow> {
  const q = db('email_quarantine').where({ id });
  if (forUpdate) q.forUpdate();
  const row = await q.first<QuarantineRow | undefined>('*');
  if (!row) throw notFound('Quarantined message', id);
  return row;
}

export async function readRaw(storage: BlobStorage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.get(key)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** One quarantined message with its headers, decoded text and attachment list (never rendered HTML). */
export async function getQuarantined(db: Queryable, storage: BlobStorage, id: number): Promise<QuarantineDetail> {
  const row = await findRow(db, id);
  const raw = await readRaw(storage, row.storage_key);
  let parsed: ParsedEmail | null = null;
  try {
    parsed = await parseEmail(raw);
  } catch {
    // Unparseable mail (the parse_error reason) is still shown: as its first bytes.
  }
  return {
    ...quarantineView(row),
    headers: parsed ? Object.fromEntries(parsed.headers) : {},
    text: (parsed?.text ?? raw.subarray(0, 20_000).toString('utf8')).slice(0, 20_000),
    attachments: parsed?.parts.map((p) => ({ filename: p.filename, contentType: p.contentType, size: p.content.length })) ?? [],
  };
}

/**
 * Release: process the message as if it had just arrived, without the protection checks that held it, and
 * remember the ticket it went to. `ingest` is the inbound pipeline (inbound.service.ts).
 */
export async function releaseQuarantined(
  db: Queryable, storage: BlobStorage, actor: Actor, id: number,
  ingest: (q: QuarantineRow, raw: Buffer) => Promise<{ outcome: string; ticketId: number | null; entryId: number | null }>,
): Promise<{ outcome: string; ticketId: number | null; entryId: number | null }> {
  const row = await findRow(db, id);
  if (row.status === 'released') return { outcome: 'already_released', ticketId: row.released_ticket_id, entryId: null };
  const result = await ingest(row, await readRaw(storage, row.storage_key));
  await db.transaction(async (trx) => {
    const before = await findRow(trx, id, true);
    await trx('email_quarantine').where({ id }).update({ status: 'released', released_ticket_id: result.ticketId, released_at: trx.fn.now() });
    await recordAudit(trx, actor, { action: 'email_quarantine.release', entityType: ENTITY, entityId: id, before: quarantineView(before), after: { ...quarantineView(before), status: 'released', releasedTicketId: result.ticketId } });
  });
  return result;
}

export async function deleteQuarantined(db: Queryable, storage: BlobStorage, actor: Actor, id: number): Promise<void> {
  const key = await db.transaction(async (trx) => {
    const before = await findRow(trx, id, true);
    await trx('email_quarantine').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'email_quarantine.delete', entityType: ENTITY, entityId: id, before: quarantineView(before) });
    return before.storage_key;
  });
  // After commit: a crash here leaves an unreferenced blob, never a row without its message.
  await storage.delete(key);
}
