import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';

export type EmailAddress = { address: string; name: string };

export type EmailPart = {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Content-ID without angle brackets, for parts the HTML references as cid:…; null otherwise. */
  cid: string | null;
  inline: boolean;
};

/** One message, fully decoded: bodies in Unicode whatever charset and transfer encoding they came in. */
export type ParsedEmail = {
  /** Without angle brackets. Synthesised from the raw bytes when missing, so a redelivery still dedupes. */
  messageId: string;
  messageIdMissing: boolean;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: EmailAddress | null;
  replyTo: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  date: Date | null;
  /** Raw HTML with cid: links kept (sanitised later, when stored); null for text-only mail. */
  html: string | null;
  text: string;
  parts: EmailPart[];
  /** Lower-cased header name -> the first value as text (unfolded). */
  headers: ReadonlyMap<string, string>;
  /** Content-Type of the top part, e.g. multipart/report; report-type=delivery-status for a DSN. */
  contentType: string;
  language: string | null;
};

export const stripAngles = (id: string) => id.trim().replace(/^<+|>+$/g, '').trim();

/** Every <id> in a Message-ID / In-Reply-To / References value. */
export function messageIds(value: string | string[] | undefined | null): string[] {
  const raw = Array.isArray(value) ? value.join(' ') : value ?? '';
  const bracketed = [...raw.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  if (bracketed.length) return bracketed;
  return raw.split(/\s+/).map(stripAngles).filter((s) => s.includes('@'));
}

function addresses(obj: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const list = Array.isArray(obj) ? obj : obj ? [obj] : [];
  return list
    .flatMap((o) => o.value.flatMap((v) => (v.group ? v.group : [v])))
    .filter((v): v is typeof v & { address: string } => typeof v.address === 'string' && v.address.includes('@'))
    .map((v) => ({ address: v.address.toLowerCase(), name: v.name ?? '' }));
}

/** Parse RFC 822 source with mailparser; cid: links stay in the HTML so they can point at stored attachments. */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, { keepCidLinks: true, skipHtmlToText: false, skipTextToHtml: true });
  const headers = new Map<string, string>();
  for (const { key, line } of mail.headerLines) {
    if (headers.has(key)) continue;
    headers.set(key, line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  const ownId = messageIds(mail.messageId)[0];
  const contentType = headers.get('content-type') ?? 'text/plain';
  return {
    messageId: ownId ?? `sha256-${createHash('sha256').update(raw).digest('hex')}@missing-message-id`,
    messageIdMissing: !ownId,
    inReplyTo: messageIds(mail.inReplyTo)[0] ?? null,
    references: messageIds(mail.references),
    subject: (mail.subject ?? '').trim(),
    from: addresses(mail.from)[0] ?? null,
    replyTo: addresses(mail.replyTo)[0] ?? null,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    date: mail.date ?? null,
    html: typeof mail.html === 'string' && mail.html.trim() ? mail.html : null,
    text: (mail.text ?? '').trim(),
    parts: mail.attachments.map((a) => ({
      filename: a.filename ?? (a.contentType === 'message/rfc822' ? 'message.eml' : 'attachment'),
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
      cid: a.contentId ? stripAngles(a.contentId) : a.cid ?? null,
      inline: Boolean(a.related) || a.contentDisposition === 'inline',
    })),
    headers,
    contentType,
    language: (headers.get('content-language') ?? '').split(/[,;]/)[0]!.trim().slice(0, 2).toLowerCase() || null,
  };
}
