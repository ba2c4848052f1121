/**
 * Split `text` into chunks of at most `max` UTF-16 code units, preferring to break after whitespace (then after
 * punctuation), never inside a surrogate pair. Providers cap one message (Twilio 1600, Telegram 4096).
 */
export function splitText(text: string, max: number): string[] {
  if (max < 2) throw new Error('max must be at least 2');
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = -1;
    // Last whitespace within the window: the chunk ends before it, the next starts after the whitespace run.
    for (let i = max; i > 0; i--) {
      if (/\s/.test(rest[i]!)) {
        cut = i;
        break;
      }
    }
    let next: number;
    if (cut > 0) {
      next = cut;
      while (next < rest.length && /\s/.test(rest[next]!)) next++;
    } else {
      // One word longer than the window: hard cut, moved back off a high surrogate so no character is torn.
      cut = max;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
      next = cut;
    }
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(next);
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}
