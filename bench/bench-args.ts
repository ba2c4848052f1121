/** Command-line options every bench shares: a note for the report and a dry run that leaves bench/README.md alone. */
export const COMMON_OPTIONS = {
  note: { type: 'string' },
  'no-readme': { type: 'boolean', default: false },
} as const;

export function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}
