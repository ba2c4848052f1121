/** POST /lifecycle-policies/preview (core/schemas/lifecycle-preview.schema.ts): request and answer shapes. */
export const PREVIEW_CHANNELS = ['email', 'web', 'chat', 'phone', 'api', 'portal', 'widget', 'sms', 'social'] as const;
export const SCRIPT_EVENTS = ['agent_reply', 'customer_reply', 'pending', 'solved'] as const;
export type ScriptEvent = (typeof SCRIPT_EVENTS)[number];
export type ScriptRow = { key: number; afterMinutes: number; event: ScriptEvent };

export type Sample = { priority: number | null; channel: string; tags: string[]; events: ScriptRow[] };

export type PreviewEntry = { at: string; kind: string; params: Record<string, string | number | boolean | null> };
export type PreviewAnswer = {
  policyVersion: number | null;
  draft: boolean;
  match: {
    slaPolicyId: string | null; name: string | null; hours: 'business' | 'calendar' | null; targets: Record<string, number>;
    candidates: Array<{ id: string; name: string | null; matched: boolean; checks: Array<{ condition: string; values: string[]; met: boolean }> }>;
  };
  calendar: { timeZone: string };
  timeline: PreviewEntry[];
  horizonEnd: string;
  truncated: boolean;
};

/** What the designer sends; scripted pending/solved become status events. */
export function previewBody(sample: Sample, draft: Record<string, unknown> | null, calendarId: number | null) {
  return {
    ticket: { priority: sample.priority, channel: sample.channel, tags: sample.tags },
    events: sample.events.map((e) =>
      e.event === 'pending' || e.event === 'solved'
        ? { afterMinutes: e.afterMinutes, event: 'status' as const, statusCategory: e.event }
        : { afterMinutes: e.afterMinutes, event: e.event }),
    ...(draft && { policy: draft }),
    ...(calendarId !== null && { calendarId }),
  };
}
