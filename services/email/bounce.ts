import { messageIds, type ParsedEmail } from './mime-parse';

/** One failed recipient of a delivery status notification (RFC 3464). */
export type Bounce = {
  recipient: string;
  action: string;
  /** Enhanced status code, e.g. 5.1.1. */
  status: string;
  diagnostic: string;
  /** Permanent (5.x.x) failures mark the address bouncing; 4.x.x is a delay and only recorded. */
  permanent: boolean;
};

export type DeliveryReport = {
  bounces: Bounce[];
  /** Message-ID of the message that could not be delivered, from the returned message or its headers. */
  originalMessageId: string | null;
};

const field = (block: string, name: string) => {
  const m = new RegExp(`^${name}:\\s*(.+(?:\\r?\\n[ \\t].+)*)`, 'im').exec(block);
  return m ? m[1]!.replace(/\r?\n[ \t]+/g, ' ').trim() : '';
};

type RawPart = { contentType: string; body: string };

/**
 * The top-level parts of a multipart message, split on its boundary. mailparser folds message/delivery-status
 * into the text body, so the report part is read from the source here (DSN parts are 7bit or base64).
 */
function topLevelParts(raw: Buffer, contentType: string): RawPart[] {
  const boundary = /boundary="?([^";\s]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  const source = raw.toString('latin1');
  const sections = source.split(`--${boundary}`).slice(1);
  return sections.filter((s) => !s.startsWith('--')).map((section) => {
    const text = section.replace(/^\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(text);
    const head = split ? text.slice(0, split.index) : text;
    let body = split ? text.slice(split.index + split[0].length) : '';
    const type = (/^content-type:\s*([^;\r\n]+)/im.exec(head)?.[1] ?? 'text/plain').trim().toLowerCase();
    if (/^content-transfer-encoding:\s*base64/im.test(head)) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('latin1');
    return { contentType: type, body: Buffer.from(body, 'latin1').toString('utf8') };
  });
}

/** A DSN (multipart/report; report-type=delivery-status), or null for any other message. */
export function parseDeliveryReport(mail: ParsedEmail, raw: Buffer): DeliveryReport | null {
  if (!/multipart\/report/i.test(mail.contentType) || !/delivery-status/i.test(mail.contentType)) return null;
  const parts = topLevelParts(raw, mail.contentType);
  const statusPart = parts.find((p) => /^message\/(global-)?delivery-status$/.test(p.contentType));
  if (!statusPart) return null;
  // Per-message fields, then one block per recipient, separated by blank lines.
  const blocks = statusPart.body.split(/\r?\n\s*\r?\n/);
  const bounces: Bounce[] = [];
  for (const block of blocks) {
    const recipient = (field(block, 'Final-Recipient') || field(block, 'Original-Recipient')).replace(/^[^;]*;\s*/, '').replace(/^<|>$/g, '').toLowerCase();
    const action = field(block, 'Action').toLowerCase();
    if (!recipient || !action) continue;
    const status = /\d\.\d{1,3}\.\d{1,3}/.exec(field(block, 'Status'))?.[0] ?? '';
    bounces.push({
      recipient, action, status,
      diagnostic: field(block, 'Diagnostic-Code').replace(/^[^;]*;\s*/, '').slice(0, 1000),
      permanent: action === 'failed' && status.startsWith('5'),
    });
  }
  const returned = parts.find((p) => /^(message\/(global-)?rfc822|text\/rfc822-headers|message\/global-headers)$/.test(p.contentType));
  let originalMessageId: string | null = null;
  if (returned) {
    const head = returned.body.split(/\r?\n\r?\n/)[0] ?? '';
    originalMessageId = messageIds(field(head, 'Message-ID'))[0] ?? null;
  }
  return { bounces, originalMessageId };
}
