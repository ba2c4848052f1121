import { validationError } from './errors';

const TAG = /^[\p{L}\p{N}_\-:.]{1,64}$/u;

/** A tag exactly as normalizeTags stores it. */
export const isNormalizedTag = (s: string) => TAG.test(s) && s === s.toLowerCase();

/** Tags are case-insensitive words: lowercased, trimmed, de-duplicated, order kept. */
export function normalizeTags(tags: readonly string[], path = 'tags'): string[] {
  const out: string[] = [];
  const bad: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().toLowerCase();
    if (!TAG.test(tag)) bad.push(raw);
    else if (!out.includes(tag)) out.push(tag);
  }
  if (bad.length) {
    throw validationError('Invalid tags', bad.map((b) => ({ path, message: `"${b.slice(0, 70)}" is not a valid tag (letters, digits, _ - : . up to 64 characters)` })));
  }
  return out;
}
