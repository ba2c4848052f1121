import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import { sanitizeFilename } from '../../core/attachments';
import { ROLE_PERMISSIONS } from '../../core/permissions';
import type { Actor, Principal } from '../../core/principal';
import { SYSTEM_ACTOR } from '../../core/principal';
import { toStoredBody } from '../../core/rich-text';
import type { Db, Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { publishEvent } from '../outbox.service';
import type { BlobStorage } from '../storage/blob-storage';
import { addEntryInTransaction } from '../tickets/entries.service';
import { findTicket } from '../tickets/ticket.repository';
import { applySystemChange, createTicket } from '../tickets/tickets.service';
import { activeAddresses, type EmailAddressRow } from './address.service';
import { recordBounce } from './bounce.service';
import { parseDeliveryReport } from './bounce';
import { checkLoop, stripPlus } from './loop-guard';
import { parseEmail, type ParsedEmail } from './mime-parse';
import { quarantineMessage } from './quarantine.service';
import { splitReplyText, visibleHtml } from './reply-split';
import { noopSpamScorer, type SpamScorer } from './spam-score';
import { findThread } from './threading';

export type InboundDeps = { db: Db; config: Config; logger: Logger; storage: BlobStorage; spamScorer?: SpamScorer };

export type InboundMessage = {
  raw: Buffer;
  source: 'smtp' | 'imap';
  /** SMTP envelope (MAIL FROM / RCPT TO); for IMAP the mailbox's support address. */
  mailFrom: string;
  rcptTo: string[];
  /** The support address whose mailbox it came from (IMAP); SMTP finds it from the recipients. */
  addressId?: number | null;
  /** A released quarantine entry: skip the protection checks that held it. */
  release?: boolean;
};

export type InboundResult =
  | { outcome: 'created' | 'appended' | 'duplicate'; ticketId: number; entryId: number | null; threadedBy?: string }
  | { outcome: 'quarantined'; quarantineId: number; reason: string; ticketId: null; entryId: null };

class DuplicateMessage extends Error {}

const HOUR_MS = 3_600_000;
// Types the attachment download route may serve as they are; anything else is stored as a plain download.
const octet = (config: Config, type: string) => (config.attachments.allowedTypes.includes(type.toLowerCase()) ? type.toLowerCase() : 'application/octet-stream');

function customerPrincipal(c: { id: number; organization_id: number | null }): Principal {
  // The customer wrote this mail; the principal only decides entry kind and authorship (viaId 0: no session).
  return { kind: 'customer', id: c.id, organizationId: c.organization_id, permissions: ROLE_PERMISSIONS.customer, via: 'session', viaId: 0 };
}

/** The support address a message was sent to: an explicit mailbox, else the first recipient we own. */
function receivingAddress(addresses: EmailAddressRow[], recipients: string[], addressId: number | null | undefined): EmailAddressRow | null {
  if (addressId) return addresses.find((a) => a.id === addressId) ?? null;
  const own = new Map(addresses.map((a) => [a.address.toLowerCase(), a]));
  for (const r of recipients) {
    const hit = own.get(stripPlus(r));
    if (hit) return hit;
  }
  return null;
}

/** What the ticket shows: the new part of the message, inline images pointing at their stored attachments. */
export function visibleBody(mail: ParsedEmail, cidUrls: Map<string, string>): { html: string; split: ReturnType<typeof splitReplyText> } {
  const split = splitReplyText(mail.text);
  let html: string;
  if (mail.html !== null) {
    const cut = visibleHtml(mail.html);
    const textCut = split.quoted !== '' || split.signature !== '';
    html = cut ?? (textCut ? toStoredBody({ text: split.visible }).html : mail.html);
  } else {
    html = toStoredBody({ text: split.visible }).html;
  }
  html = html.replace(/(["'])cid:([^"']+)\1/gi, (m, q: string, cid: string) => {
    const url = cidUrls.get(cid.trim());
    return url ? `${q}${url}${q}` : m;
  });
  return { html, split };
}

type StoredBlob = { key: string; filename: string; contentType: string; size: number; sha256: string; cid: string | null };

async function putBlob(storage: BlobStorage, content: Buffer, filename: string, contentType: string, cid: string | null): Promise<StoredBlob> {
  const now = new Date();
  const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
  await storage.put(key, content, contentType);
  return { key, filename: sanitizeFilename(filename), contentType, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), cid };
}

/**
 * The inbound pipeline both the SMTP server and the IMAP poller feed: size limit, MIME parse, dedupe by
 * Message-ID, bounce / loop / auto-reply / rate / spam checks (held mail goes to the quarantine), then threading
 * and one transaction that writes the ticket or entry, the attachments, the raw original and the
 * `email_messages` row. Returns only after that commit, so a caller may acknowledge the message then.
 */
export function createEmailInbound(deps: InboundDeps) {
  const { db, config, storage, logger } = deps;
  const scorer = deps.spamScorer ?? noopSpamScorer;

  const hold = async (m: InboundMessage, reason: Parameters<typeof quarantineMessage>[2]['reason'], detail: string, parsed: ParsedEmail | null, addressId: number | null, spamScore?: number): Promise<InboundResult> => {
    const quarantineId = await quarantineMessage(db, storage, {
      reason, detail, source: m.source, addressId, mailFrom: m.mailFrom, rcptTo: m.rcptTo, raw: m.raw, parsed, spamScore: spamScore ?? null,
    });
    logger.info({ quarantineId, reason, detail, messageId: parsed?.messageId }, 'inbound email quarantined');
    return { outcome: 'quarantined', quarantineId, reason, ticketId: null, entryId: null };
  };

  async function ingest(m: InboundMessage): Promise<InboundResult> {
    const addresses = await activeAddresses(db);
    if (!m.release && m.raw.length > config.email.maxBytes) {
      return hold(m, 'too_large', `${m.raw.length} bytes, limit ${config.email.maxBytes}`, null, m.addressId ?? null);
    }
    let mail: ParsedEmail;
    try {
      mail = await parseEmail(m.raw);
    } catch (err) {
      return hold(m, 'parse_error', String(err).slice(0, 500), null, m.addressId ?? null);
    }
    const recipients = [...new Set([...m.rcptTo, ...mail.to.map((a) => a.address), ...mail.cc.map((a) => a.address), ...(mail.headers.get('delivered-to') ? [mail.headers.get('delivered-to')!] : [])].map((r) => r.toLowerCase()))];
    const address = receivingAddress(addresses, recipients, m.addressId);
    const addressId = address?.id ?? null;

    const seen = await db('email_messages').where({ direction: 'in', message_id: mail.messageId }).first<{ ticket_id: number; entry_id: number | null } | undefined>('ticket_id', 'entry_id');
    if (seen) return { outcome: 'duplicate', ticketId: seen.ticket_id, entryId: seen.entry_id };

    if (!m.release) {
      const report = parseDeliveryReport(mail, m.raw);
      if (report) {
        const summary = await recordBounce(db, report);
        return hold(m, 'bounce', summary, mail, addressId);
      }
      const loop = checkLoop({
        headers: mail.headers, from: mail.from?.address ?? null, messageId: mail.messageIdMissing ? null : mail.messageId,
        ownAddresses: new Set(addresses.map((a) => a.address.toLowerCase())), ownDomain: config.email.domain,
      });
      if (loop) return hold(m, loop.kind, loop.detail, mail, addressId);
      const sender = mail.from?.address;
      if (sender) {
        const since = new Date(Date.now() - HOUR_MS);
        const { rows } = await db.raw<{ rows: { n: number }[] }>(
          `SELECT (SELECT count(*) FROM email_messages WHERE direction = 'in' AND from_address = :s AND created_at > :since)
                + (SELECT count(*) FROM email_quarantine WHERE from_address = :s AND created_at > :since AND reason <> 'rate_limited') AS n`,
          { s: sender, since },
        );
        const n = Number(rows[0]?.n ?? 0);
        if (n >= config.email.rateLimitPerHour) return hold(m, 'rate_limited', `${n} messages from ${sender} in the last hour (limit ${config.email.rateLimitPerHour})`, mail, addressId);
      }
      const spam = await scorer.score(mail, m.raw);
      if (spam.score >= config.email.spamThreshold) return hold(m, 'spam', spam.detail ?? `score ${spam.score}`, mail, addressId, spam.score);
    }

    const sender = mail.from ?? (m.mailFrom ? { address: m.mailFrom.toLowerCase(), name: '' } : null);
    if (!sender) return hold(m, 'parse_error', 'no From address and no envelope sender', mail, addressId);

    // Bytes go to storage before the transaction (storage is not transactional); removed again if it rolls back.
    const blobs: StoredBlob[] = [];
    try {
      for (const p of mail.parts) blobs.push(await putBlob(storage, p.content, p.filename, octet(config, p.contentType), p.cid));
      const rawBlob = await putBlob(storage, m.raw, 'original.eml', 'message/rfc822', null);
      blobs.push(rawBlob);
      const result = await db.transaction((trx) => commit(trx, { m, mail, sender, recipients, address, blobs: blobs.slice(0, -1), rawBlob }));
      logger.debug({ ...result, messageId: mail.messageId }, 'inbound email stored');
      return result;
    } catch (err) {
      await Promise.all(blobs.map((b) => storage.delete(b.key).catch(() => undefined)));
      if (err instanceof DuplicateMessage) {
        const first = await db('email_messages').where({ direction: 'in', message_id: mail.messageId }).first('ticket_id', 'entry_id');
        return { outcome: 'duplicate', ticketId: first.ticket_id, entryId: first.entry_id };
      }
      throw err;
    }
  }

  async function commit(trx: Queryable, c: {
    m: InboundMessage; mail: ParsedEmail; sender: { address: string; name: string }; recipients: string[]; address: EmailAddressRow | null;
    blobs: StoredBlob[]; rawBlob: StoredBlob;
  }): Promise<InboundResult> {
    const { mail, sender } = c;
    // Claim the Message-ID first: a concurrent copy of the same message waits here, then sees the conflict.
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtext(?))`, [`email-in:${mail.messageId}`]);
    if (await trx('email_messages').where({ direction: 'in', message_id: mail.messageId }).first('id')) throw new DuplicateMessage();

    const customer = await findOrCreateCustomer(trx, sender, mail.language);
    const p = customerPrincipal(customer);
    const actor: Actor = { type: 'customer', id: customer.id, via: 'system', viaId: null };
    const blobRow = (b: StoredBlob, ticketId: number | null) => ({
      filename: b.filename, content_type: b.contentType, size: b.size, sha256: b.sha256, storage_key: b.key,
      uploaded_by_type: 'customer', uploaded_by_id: customer.id, ticket_id: ticketId,
    });
    const attachmentIds: number[] = [];
    const cidUrls = new Map<string, string>();
    for (const b of c.blobs) {
      const [row] = await trx('attachments').insert(blobRow(b, null)).returning<{ id: number }[]>('id');
      attachmentIds.push(row!.id);
      if (b.cid) cidUrls.set(b.cid, `/api/v1/attachments/${row!.id}/content`);
    }
    const { html, split } = visibleBody(mail, cidUrls);
    const safe = toStoredBody({ html });
    const bodyHtml = safe.text || /<img/i.test(safe.html) ? html : `<p>${attachmentIds.length ? `(${attachmentIds.length} attachment(s), no text)` : '(empty message)'}</p>`;

    const thread = await findThread(trx, mail, c.recipients, customer.id);
    let ticketId: number;
    let entryId: number;
    if (thread) {
      const ticket = (await findTicket(trx, thread.ticketId, { forUpdate: true }))!;
      const entry = await addEntryInTransaction(trx, p, actor, ticket, { bodyHtml, attachmentIds });
      ticketId = ticket.id;
      entryId = entry.id;
    } else {
      const ticket = await createTicket(trx, p, actor, {
        subject: (mail.subject || '(no subject)').slice(0, 500), channel: 'email', language: customer.language,
        message: { bodyHtml, attachmentIds },
      });
      ticketId = ticket.id;
      if (c.address?.team_id) await applySystemChange(trx, SYSTEM_ACTOR, ticketId, () => ({ teamId: c.address!.team_id }));
      const entry = await trx('conversation_entries').where({ ticket_id: ticketId }).orderBy('id', 'desc').first<{ id: number }>('id');
      entryId = entry.id;
    }
    const [raw] = await trx('attachments').insert(blobRow(c.rawBlob, ticketId)).returning<{ id: number }[]>('id');
    await trx('email_messages').insert({
      direction: 'in', message_id: mail.messageId, ticket_id: ticketId, entry_id: entryId, address_id: c.address?.id ?? null,
      from_address: sender.address, to_addresses: c.recipients.slice(0, 100), subject: mail.subject.slice(0, 1000),
      in_reply_to: mail.inReplyTo, references: mail.references.slice(-100), threaded_by: thread?.by ?? 'new',
      raw_attachment_id: raw!.id, full_html: mail.html, full_text: mail.text, quoted_text: split.quoted || null, signature: split.signature || null,
      status: 'received',
    });
    // Mail from an address proves it receives mail again.
    await trx('email_recipient_status').where({ address: sender.address, bouncing: true }).update({ bouncing: false, updated_at: trx.fn.now() });
    return { outcome: thread ? 'appended' : 'created', ticketId, entryId, threadedBy: thread?.by ?? 'new' };
  }

  return { ingest };
}

export type EmailInbound = ReturnType<typeof createEmailInbound>;

async function findOrCreateCustomer(trx: Queryable, sender: { address: string; name: string }, language: string | null) {
  const existing = await trx('customers').where('email', sender.address).first<{ id: number; organization_id: number | null; language: string } | undefined>('id', 'organization_id', 'language');
  if (existing) return existing;
  const [created] = await trx('customers')
    .insert({ email: sender.address, name: sender.name.trim().slice(0, 200) || sender.address.split('@')[0], language: language === 'de' ? 'de' : 'en' })
    .returning('*');
  await recordAudit(trx, SYSTEM_ACTOR, { action: 'customer.create', entityType: 'customer', entityId: created.id, after: { ...created, password_hash: undefined } });
  await publishEvent(trx, { type: 'customer.created', entityType: 'customer', entityId: created.id, payload: { id: created.id, email: created.email, name: created.name } });
  return { id: created.id as number, organization_id: created.organization_id as number | null, language: created.language as string };
}
