import type { Logger } from 'pino';
import nodemailer from 'nodemailer';
import type { Readable } from 'node:stream';
import type { ChannelAdapter, OutboundMessage } from '../lifecycle/channel-delivery';
import { NonRetryableActivityError } from '../lifecycle/lifecycle-activities';
import type { Config } from '../../config/config';
import type { Db } from '../../db/knex';
import type { BlobStorage } from '../../services/storage/blob-storage';
import { smtpAccess, type EmailAddressRow, type SmtpAccess } from '../../services/email/address.service';
import { renderEmail, type EmailTemplateName } from '../../services/email/email-templates';
import { chatTranscript } from '../../services/chat/chat-transcript';
import { isAccountEmailTemplate, renderAccountEmail } from '../../services/email/account-email-templates';
import { workerAlertText } from '../../services/notifications/notice-text';

const TEMPLATES = new Set<EmailTemplateName>(['ticket_received', 'ticket_solved', 'pending_reminder', 'csat_survey', 'status_update']);

/** Our Message-ID for an outbound message: stable per message, so a re-send after a crash is the same mail. */
export const outboundMessageId = (messageId: number, ticketNumber: number, domain: string) => `om-${messageId}.${ticketNumber}@${domain}`;

/** support@example.com + 1234 -> support+1234@example.com: replies find the ticket even without headers. */
export function plusAddress(address: string, ticketNumber: number): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}+${ticketNumber}${address.slice(at)}`;
}

type Transport = ReturnType<typeof nodemailer.createTransport>;

/** The thread of a ticket for In-Reply-To / References: every stored message id, oldest first. */
async function threadIds(db: Db, ticketId: number, exceptOutbound: number): Promise<{ inReplyTo: string | null; references: string[] }> {
  const rows = await db('email_messages').where({ ticket_id: ticketId })
    .where((q) => q.whereNull('outbound_message_id').orWhereNot('outbound_message_id', exceptOutbound))
    .orderBy('id').select<{ message_id: string; direction: string }[]>('message_id', 'direction');
  if (!rows.length) return { inReplyTo: null, references: [] };
  const lastIn = [...rows].reverse().find((r) => r.direction === 'in') ?? rows.at(-1)!;
  const ids = rows.map((r) => r.message_id);
  // Long threads: keep the first message and the most recent ones (RFC 5322 leaves trimming to the writer).
  const references = ids.length > 20 ? [ids[0]!, ...ids.slice(-19)] : ids;
  return { inReplyTo: lastIn.message_id, references };
}

/**
 * The email channel adapter (activities/lifecycle/channel-delivery.ts): agent replies (kind `reply`) and
 * customer notifications, rendered per customer language and sent over SMTP with threading headers. Idempotent
 * per outbound message: the `email_messages` row records the send, and the Message-ID is derived from the
 * outbound message id, so a retry after a crash re-sends the same message (receivers dedupe on Message-ID).
 */
export function createEmailSender(deps: { db: Db; config: Config; logger: Logger; storage: BlobStorage }): ChannelAdapter & { close(): void } {
  const { db, config, logger, storage } = deps;
  const transports = new Map<string, Transport>();

  const transportFor = (smtp: SmtpAccess | null): Transport => {
    const key = smtp ? JSON.stringify(smtp) : `relay:${config.email.relayUrl}`;
    let t = transports.get(key);
    if (!t) {
      if (smtp) {
        t = nodemailer.createTransport({
          host: smtp.host, port: smtp.port, secure: smtp.secure,
          ...(smtp.user && { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
        });
      } else if (config.email.relayUrl) {
        t = nodemailer.createTransport(config.email.relayUrl);
      } else {
        throw new NonRetryableActivityError('email_not_configured', 'No outbound SMTP: set LANTERN_SMTP_RELAY_URL or SMTP settings on the support address');
      }
      transports.set(key, t);
    }
    return t;
  };

  async function supportAddress(ticketId: number): Promise<EmailAddressRow> {
    // The address the customer last wrote to; otherwise the first active one.
    const last = await db('email_messages').join('email_addresses', 'email_addresses.id', 'email_messages.address_id')
      .where({ 'email_messages.ticket_id': ticketId, 'email_messages.direction': 'in', 'email_addresses.active': true })
      .orderBy('email_messages.id', 'desc').first<EmailAddressRow | undefined>('email_addresses.*');
    const address = last ?? (await db('email_addresses').where({ active: true }).orderBy('id').first<EmailAddressRow | undefined>('*'));
    if (!address) throw new NonRetryableActivityError('email_not_configured', 'No active support email address to send from');
    return address;
  }

  /**
   * A worker's email copy of an in-app notification (services/notifications/worker-alert-email.ts): to the worker,
   * outside the ticket's thread (no email_messages row, which the customer thread is built from). The Message-ID
   * is stable per outbound message, so a re-send after a crash is the same mail.
   */
  async function sendWorkerAlert(message: OutboundMessage): Promise<void> {
    const ticket = await db('tickets').where({ id: message.ticketId }).first<{ id: number; number: number; subject: string } | undefined>('id', 'number', 'subject');
    if (!ticket) throw new NonRetryableActivityError('ticket_gone', `Ticket ${message.ticketId} no longer exists`);
    const worker = await db('workers').where({ id: Number(message.payload.workerId), active: true }).first<{ email: string; name: string } | undefined>('email', 'name');
    if (!worker) throw new NonRetryableActivityError('no_address', `Worker ${String(message.payload.workerId)} is gone or inactive`);
    const address = await supportAddress(ticket.id);
    const base = (config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}`).replace(/\/+$/, '');
    const notification = (message.payload.notification ?? {}) as Record<string, unknown>;
    const { subject, text } = workerAlertText({ kind: String(message.payload.kind), ticketNumber: Number(ticket.number), subject: ticket.subject, payload: notification, link: `${base}/tickets/${ticket.id}` });
    await transportFor(smtpAccess(config, address)).sendMail({
      from: { name: address.display_name || address.address, address: address.address },
      to: { name: worker.name, address: worker.email }, subject, text,
      messageId: `<alert-${message.id}.${ticket.number}@${config.email.domain}>`,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Lantern-Ticket': String(ticket.number), 'X-Lantern-Alert': String(message.payload.kind) },
    });
    logger.info({ ticketId: ticket.id, outboundMessageId: message.id }, 'worker alert email sent');
  }

  /**
   * A portal account email (services/portal/portal-account.service.ts): no ticket, recipient in the payload, from
   * the first active support address. The link's one-time token is scrubbed from the stored payload once sent,
   * so the database keeps only the token's hash.
   */
  async function sendAccountEmail(message: OutboundMessage & { template: Parameters<typeof renderAccountEmail>[0]['template'] }): Promise<void> {
    const { to, name, language, link } = message.payload as { to?: string; name?: string; language?: string; link?: string };
    if (!to || !link) throw new NonRetryableActivityError('no_address', `Account email ${message.id} has no recipient or link`);
    const address = await db('email_addresses').where({ active: true }).orderBy('id').first<EmailAddressRow | undefined>('*');
    if (!address) throw new NonRetryableActivityError('email_not_configured', 'No active support email address to send from');
    const rendered = renderAccountEmail({ template: message.template, language: language ?? null, name: name || to, link });
    await transportFor(smtpAccess(config, address)).sendMail({
      from: { name: address.display_name || address.address, address: address.address }, to: name ? { name, address: to } : to,
      subject: rendered.subject, text: rendered.text, html: rendered.html,
      messageId: `<account-${message.id}@${config.email.domain}>`, headers: { 'Auto-Submitted': 'auto-generated' },
    });
    await db('outbound_messages').where({ id: message.id }).update({ payload: db.raw(`payload - 'link'`) });
    logger.info({ outboundMessageId: message.id, template: message.template }, 'account email sent');
  }

  async function send(message: OutboundMessage): Promise<void> {
    if (message.ticketId === 0 && isAccountEmailTemplate(message.template)) return sendAccountEmail({ ...message, template: message.template });
    if (message.kind === 'worker_alert') return sendWorkerAlert(message);
    const ticket = await db('tickets').where({ id: message.ticketId }).first<{ id: number; number: number; subject: string; requester_id: number } | undefined>('id', 'number', 'subject', 'requester_id');
    if (!ticket) throw new NonRetryableActivityError('ticket_gone', `Ticket ${message.ticketId} no longer exists`);
    const customer = await db('customers').where({ id: ticket.requester_id }).first<{ email: string | null; name: string; language: string }>('email', 'name', 'language');
    if (!customer?.email) throw new NonRetryableActivityError('no_address', `The requester of ticket ${ticket.number} has no email address`);
    const bouncing = await db('email_recipient_status').where({ address: customer.email, bouncing: true }).first<{ last_status: string | null } | undefined>('last_status');
    if (bouncing) throw new NonRetryableActivityError('recipient_bouncing', `${customer.email} is marked bouncing (last status ${bouncing.last_status ?? 'unknown'})`);

    const sent = await db('email_messages').where({ outbound_message_id: message.id }).first<{ status: string } | undefined>('status');
    if (sent?.status === 'sent') return; // sent before a crash lost the outbound status: do not send twice

    const address = await supportAddress(ticket.id);
    const transport = transportFor(smtpAccess(config, address));
    const messageId = outboundMessageId(message.id, Number(ticket.number), config.email.domain);
    const { inReplyTo, references } = await threadIds(db, ticket.id, message.id);
    const vars = { customerName: customer.name, ticketNumber: Number(ticket.number), subject: ticket.subject, link: typeof message.payload.link === 'string' ? message.payload.link : undefined };

    let rendered;
    let entryId: number | null = null;
    let attachments: { filename: string; contentType: string; content: Readable }[] = [];
    const isReply = message.kind === 'reply';
    if (isReply) {
      entryId = Number(message.payload.entryId);
      const entry = await db('conversation_entries').where({ id: entryId, ticket_id: ticket.id }).first<{ body_html: string; body_text: string } | undefined>('body_html', 'body_text');
      if (!entry) throw new NonRetryableActivityError('entry_gone', `Entry ${entryId} no longer exists`);
      rendered = renderEmail({ template: 'agent_reply', language: customer.language, vars, bodyHtml: entry.body_html, bodyText: entry.body_text });
      const files = await db('attachments').where({ entry_id: entryId }).orderBy('id').select<{ filename: string; content_type: string; storage_key: string }[]>('filename', 'content_type', 'storage_key');
      attachments = await Promise.all(files.map(async (f) => ({ filename: f.filename, contentType: f.content_type, content: await storage.get(f.storage_key) })));
    } else if (message.template === 'chat_transcript') {
      // A requested chat transcript (docs/chat.md): the entries up to the one named when it was asked for.
      const transcript = await chatTranscript(db, ticket.id, Number(message.payload.untilEntryId));
      rendered = renderEmail({ template: 'chat_transcript', language: customer.language, vars, bodyHtml: transcript.html, bodyText: transcript.text });
    } else {
      const template = TEMPLATES.has(message.template as EmailTemplateName) ? (message.template as EmailTemplateName) : 'status_update';
      rendered = renderEmail({ template, language: customer.language, vars, unsubscribe: true });
    }

    await db('email_messages').insert({
      direction: 'out', message_id: messageId, ticket_id: ticket.id, entry_id: entryId, outbound_message_id: message.id, address_id: address.id,
      from_address: address.address, to_addresses: [customer.email], subject: rendered.subject, in_reply_to: inReplyTo, references, status: 'queued',
    }).onConflict(db.raw('(outbound_message_id) WHERE outbound_message_id IS NOT NULL')).ignore();

    const replyTo = plusAddress(address.address, Number(ticket.number));
    const headers: Record<string, string> = { 'X-Lantern-Ticket': String(ticket.number) };
    if (!isReply) {
      // RFC 3834: automatic mail, so well-behaved autoresponders stay quiet; RFC 2369 List-Unsubscribe for notices.
      headers['Auto-Submitted'] = 'auto-generated';
      headers['List-Unsubscribe'] = `<mailto:${address.address}?subject=${encodeURIComponent(`unsubscribe [#${ticket.number}]`)}>`;
    }
    try {
      await transport.sendMail({
        from: { name: address.display_name || address.address, address: address.address },
        to: customer.name ? { name: customer.name, address: customer.email } : customer.email,
        replyTo: { name: address.display_name || address.address, address: replyTo },
        subject: rendered.subject, text: rendered.text, html: rendered.html,
        messageId: `<${messageId}>`,
        ...(inReplyTo && { inReplyTo: `<${inReplyTo}>` }),
        ...(references.length && { references: references.map((r) => `<${r}>`) }),
        headers, attachments,
      });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      await db('email_messages').where({ outbound_message_id: message.id }).update({ status: code && code >= 500 ? 'failed' : 'queued', error: String(err).slice(0, 1000) });
      // 5xx: the relay refused for good (bad recipient, policy); 4xx and network errors are retried.
      if (code && code >= 500) throw new NonRetryableActivityError('smtp_rejected', `SMTP ${code}: ${String((err as Error).message).slice(0, 500)}`);
      throw err;
    }
    await db('email_messages').where({ outbound_message_id: message.id }).update({ status: 'sent', sent_at: db.fn.now(), error: null });
    logger.info({ ticketId: ticket.id, outboundMessageId: message.id, messageId }, 'email sent');
  }

  return {
    send,
    close: () => {
      for (const t of transports.values()) t.close();
      transports.clear();
    },
  };
}
