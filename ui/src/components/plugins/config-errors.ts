import { ApiError } from '../../api';

/** `config.<name>` problem paths as errors per setting, and everything else as general messages. */
export function configErrors(error: unknown): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  if (!(error instanceof ApiError)) return { fields, other };
  for (const e of error.problem.errors ?? []) {
    const m = /^config\.([^.]+)/.exec(e.path);
    if (m) fields[m[1]!] ??= e.message;
    else other.push(e.path ? `${e.path}: ${e.message}` : e.message);
  }
  return { fields, other };
}

/** Omit empty secret inputs so stored secrets are kept. */
export function withoutEmpty(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '' && v !== undefined));
}
