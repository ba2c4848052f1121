/**
 * HTML building for the help-center pages: `html` is a tagged template that escapes every interpolated value
 * unless it is already `SafeHtml` (another `html` result, or `trusted()` markup such as sanitized article bodies).
 * Titles, queries and catalogue strings therefore can never inject markup by accident.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Markup that is already safe: bodies sanitized on write (core/rich-text.ts), engine snippets escaped with <mark>. */
export const trusted = (markup: string): SafeHtml => new SafeHtml(markup);

type Value = SafeHtml | string | number | null | undefined | false | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

