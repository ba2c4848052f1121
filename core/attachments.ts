import { LanternError } from './errors';

/** How many leading bytes an upload is judged by (file-type's own detection window). */
export const SNIFF_BYTES = 4100;

const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-zip-compressed': 'application/zip',
  'text/xml': 'application/xml',
  'text/x-csv': 'text/csv',
  'application/csv': 'text/csv',
};

const UNKNOWN = 'application/octet-stream';

/** `Image/JPG; charset=x` -> `image/jpeg`; empty when nothing usable was declared. */
export function normalizeMediaType(value: string | undefined): string {
  const bare = (value ?? '').split(';')[0]!.trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

const isOoxml = (t: string) => t.startsWith('application/vnd.openxmlformats-officedocument.');

/** Formats with no magic number: only these may be accepted when sniffing finds nothing. */
const isTextual = (t: string) => t.startsWith('text/') || t === 'application/json' || t === 'message/rfc822';

/** file-type ignores text formats; markup is what could run script if a browser ever rendered it. */
function sniffMarkup(head: Buffer): string | undefined {
  const start = head.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^<svg[\s>]/.test(start)) return 'image/svg+xml';
  if (/^<(!doctype html|html|head|body|script|iframe)[\s>]/.test(start)) return 'text/html';
  if (start.startsWith('<?xml')) return start.includes('<svg') ? 'image/svg+xml' : 'application/xml';
  return undefined;
}

/** A sniffed container may stand for the declared format it is the envelope of (a truncated .docx sniffs as zip). */
function compatible(declared: string, sniffed: string): boolean {
  return declared === sniffed || (sniffed === 'application/zip' && isOoxml(declared));
}

const unsupported = (message: string) => new LanternError('unsupported_media_type', message);

/**
 * The type an upload is stored and served as: what its bytes are, never just what the client claims.
 * Refuses (415) content whose real type contradicts the declared one and types outside `allowed`.
 */
export function resolveContentType(input: { declared: string | undefined; sniffed: string | undefined; head: Buffer; allowed: readonly string[] }): string {
  const declared = normalizeMediaType(input.declared);
  const claimed = declared && declared !== UNKNOWN ? declared : undefined;
  const sniffed = input.sniffed ? normalizeMediaType(input.sniffed) : sniffMarkup(input.head);
  let type: string;
  if (sniffed) {
    if (claimed && !compatible(claimed, sniffed)) throw unsupported(`The file was declared as ${claimed} but its content is ${sniffed}`);
    type = claimed ?? sniffed;
  } else {
    if (!claimed) throw unsupported('The file type cannot be recognised; send it with its real Content-Type');
    if (!isTextual(claimed)) throw unsupported(`The file was declared as ${claimed} but its content is not ${claimed}`);
    if (input.head.includes(0)) throw unsupported(`The file was declared as ${claimed} but its content is binary`);
    type = claimed;
  }
  const allowed = input.allowed.map(normalizeMediaType);
  if (!allowed.includes(type)) throw unsupported(`Files of type ${type} are not accepted; allowed: ${allowed.join(', ')}`);
  return type;
}

// Control characters, bidi overrides (make "exe.txt" read as "txt.exe") and characters no file system takes.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"|?*]/g;
const MAX_FILENAME = 200;

/** A display filename that is only a name: no directories, no control or spoofing characters, bounded length. */
export function sanitizeFilename(raw: string | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE_CHARS, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  if (!cleaned) return 'attachment';
  if (cleaned.length <= MAX_FILENAME) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, MAX_FILENAME - ext.length) + ext;
}

/** RFC 6266 download header: an ASCII fallback plus the exact UTF-8 name (RFC 8187). */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
