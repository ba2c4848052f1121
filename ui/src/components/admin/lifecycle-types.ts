/** Lifecycle settings (core/schemas/lifecycle.schema.ts lifecycleSettingsResponse) and policy versions. */
export type LifecycleSettings = {
  calendarId: number;
  warningPercent: number;
  pending: { reminderAfterHours: number | null; maxReminders: number; reminderTemplate: string; autoSolveAfterDays: number | null };
  solved: { autoCloseAfterDays: number | null; reopenWindowDays: number };
  survey: { enabled: boolean; delayHours: number };
  customerNotifications: Record<string, { template: string } | undefined>;
  agentAlerts: { onCustomerReply: boolean; onAssignment: boolean; onReopen: boolean; lowCsatAtOrBelow: number | null };
  updatedAt: string;
  version: number;
};
export type LifecyclePolicy = { policyVersion: number; compiledAt: string; document: Record<string, unknown>; settings: LifecycleSettings };
export type PolicyVersion = { version: number; createdAt: string; createdBy: number | null };

/** Leaf paths of a JSON document: `{ a: { b: 1 } }` → `{ 'a.b': 1 }` (arrays by index). */
export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (!entries.length) out[prefix] = value;
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = value;
  return out;
}

export type DiffLine = { path: string; from: unknown; to: unknown };

/** What changed between two policy documents (the `version` field itself left out). */
export function diffDocuments(before: unknown, after: unknown): DiffLine[] {
  const a = flatten(before);
  const b = flatten(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((p) => p !== 'version' && JSON.stringify(a[p]) !== JSON.stringify(b[p]))
    .sort()
    .map((path) => ({ path, from: a[path], to: b[path] }));
}
