/**
 * Separate what the customer just wrote from the quoted history and the signature below it. No maintained
 * reply-parser package is installed, so this covers the common clients: Gmail/Apple "On … wrote:", German
 * "Am … schrieb …:", Outlook "-----Original Message-----" and "From:/Sent:" header blocks, ">" quoting and the
 * "-- " signature delimiter. The full original is always stored too; this only decides what is shown.
 */

export type SplitText = { visible: string; quoted: string; signature: string };

const QUOTE_HEADERS: RegExp[] = [
  /^\s*On\s.{1,300}\swrote:\s*$/i,
  /^\s*Am\s.{1,300}\sschrieb.{0,100}:\s*$/i,
  /^\s*Le\s.{1,300}\sa écrit\s*:\s*$/i,
  /^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Forwarded message|Weitergeleitete Nachricht)\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
];
const OUTLOOK_FROM = /^\s*\*?(From|Von):\*?\s/i;
const OUTLOOK_NEXT = /^\s*\*?(Sent|Date|Gesendet|Datum|To|An|Subject|Betreff):\*?\s/i;
const SIGNATURE = /^--\s?$/;
const MOBILE_SIGNATURE = /^\s*(Sent from my \w+|Von meinem \w+ gesendet|Get Outlook for \w+)/i;

function quoteHeaderAt(lines: string[], i: number): boolean {
  const line = lines[i]!;
  if (QUOTE_HEADERS.some((re) => re.test(line))) return true;
  // Gmail wraps long "On <date>, <name> <addr>" headers: "wrote:" lands on the next line.
  const next = lines[i + 1];
  if (next !== undefined && /^\s*(On|Am)\s/i.test(line) && QUOTE_HEADERS.some((re) => re.test(`${line} ${next}`))) return true;
  // Outlook: "From: …" followed within three lines by Sent/Date/To/Subject.
  return OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 4).some((l) => OUTLOOK_NEXT.test(l));
}

const isQuoted = (l: string) => /^\s*>/.test(l);

/** Split a plain-text body. Inline answers between quoted lines stay visible (then nothing is cut at ">"). */
export function splitReplyText(text: string): SplitText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let cut = lines.findIndex((_l, i) => quoteHeaderAt(lines, i));
  if (cut === -1) {
    const firstQuoted = lines.findIndex(isQuoted);
    // A trailing ">" block (blank lines or a signature may follow) is history; quoted lines with new text after
    // them are an inline answer and must be shown whole.
    if (firstQuoted !== -1) {
      const after = lines.slice(firstQuoted);
      const sig = after.findIndex((l) => SIGNATURE.test(l));
      const body = sig === -1 ? after : after.slice(0, sig);
      if (body.every((l) => isQuoted(l) || !l.trim())) cut = firstQuoted;
    }
  }
  const head = cut === -1 ? lines : lines.slice(0, cut);
  const quoted = cut === -1 ? '' : lines.slice(cut).join('\n').trim();
  let sigAt = head.findIndex((l) => SIGNATURE.test(l));
  if (sigAt === -1) sigAt = head.findIndex((l) => MOBILE_SIGNATURE.test(l));
  const visibleLines = sigAt === -1 ? head : head.slice(0, sigAt);
  const signature = sigAt === -1 ? '' : head.slice(sigAt).join('\n').trim();
  const visible = visibleLines.join('\n').trim();
  // Never show nothing: a message that is only a quote (a bare forward) keeps everything.
  if (!visible) return { visible: text.trim(), quoted: '', signature: '' };
  return { visible, quoted, signature };
}

// Where clients start the quoted history in HTML bodies.
const HTML_QUOTE_MARKERS: RegExp[] = [
  /<div[^>]*class=["'][^"']*gmail_quote[^"']*["'][^>]*>/i,
  /<blockquote[^>]*type=["']cite["'][^>]*>/i,
  /<div[^>]*class=["'][^"']*moz-cite-prefix[^"']*["'][^>]*>/i,
  /<div[^>]*id=["'](divRplyFwdMsg|appendonsend|mail-editor-reference-message-container)["'][^>]*>/i,
  /<hr[^>]*id=["']stopSpelling["'][^>]*>/i,
  /<div[^>]*class=["'][^"']*yahoo_quoted[^"']*["'][^>]*>/i,
  /<blockquote[^>]*class=["'][^"']*protonmail_quote[^"']*["'][^>]*>/i,
];
const HTML_SIGNATURE_MARKERS: RegExp[] = [
  /<div[^>]*class=["'][^"']*gmail_signature[^"']*["'][^>]*>/i,
  /<div[^>]*class=["'][^"']*moz-signature[^"']*["'][^>]*>/i,
  /<div[^>]*id=["']Signature["'][^>]*>/i,
];

/**
 * The new part of an HTML body: everything before the first quote or signature marker a mail client leaves.
 * Null when no marker is found (the caller then derives the visible part from the text split). The cut HTML
 * may have unclosed tags; sanitize-html closes them when the body is stored.
 */
export function visibleHtml(html: string): string | null {
  const positions = [...HTML_QUOTE_MARKERS, ...HTML_SIGNATURE_MARKERS]
    .map((re) => html.search(re))
    .filter((i) => i >= 0);
  if (!positions.length) return null;
  const cut = html.slice(0, Math.min(...positions));
  // A marker at the very top (nothing written above the quote) shows the whole message instead.
  return cut.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').trim() ? cut : null;
}
