/**
 * RFC 4180 CSV (no library for it is installed). Cells that a spreadsheet would run as a formula
 * (leading = + - @ tab CR) get a leading apostrophe: exported names and tags are user-controlled.
 */
export type CsvCell = string | number | boolean | null | undefined;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header line plus one line per row, CRLF-terminated as RFC 4180 says. */
export function toCsv(headers: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return [headers, ...rows].map((r) => `${r.map(cell).join(',')}\r\n`).join('');
}
