/** SLA policy shapes (core/schemas/lifecycle.schema.ts, core/lifecycle/policy.schema.ts). Ids inside are strings. */
export const SLA_METRICS = ['first_response', 'next_response', 'periodic_update', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];
export type SlaConditions = Partial<Record<'priorities' | 'teamIds' | 'organizationIds' | 'channels' | 'tagsAny' | 'tagsAll' | 'tagsNone', string[]>>;
export const ACTION_TYPES = ['notify_assignee', 'notify_team_lead', 'notify_channel', 'raise_priority', 'reassign_team', 'add_tag', 'fire_webhook'] as const;
export type EscalationAction = { type: (typeof ACTION_TYPES)[number]; template?: string; destination?: string; to?: string; teamId?: string; tag?: string; webhookId?: string };
export type EscalationStep = { on: 'warning' | 'breach'; metrics?: SlaMetric[]; actions: EscalationAction[] };
export type SlaPolicyRow = {
  id: number; position: number; name: string; conditions: SlaConditions; hours: 'business' | 'calendar';
  targets: Partial<Record<SlaMetric, number>>; escalations: EscalationStep[]; createdAt: string; updatedAt: string; version: number;
};

/** Which parameters each escalation action takes. */
export const ACTION_PARAMS: Record<EscalationAction['type'], Array<'template' | 'destination' | 'to' | 'teamId' | 'tag' | 'webhookId'>> = {
  notify_assignee: ['template'], notify_team_lead: ['template'], notify_channel: ['destination', 'template'], raise_priority: ['to'],
  reassign_team: ['teamId'], add_tag: ['tag'], fire_webhook: ['webhookId'],
};

/** The policy document keys priorities by lowercased name (core/lifecycle/policy-compile.ts priorityKey). */
export const priorityKey = (name: string) => name.trim().toLowerCase();

/** The SLA policy a ticket of this priority gets when nothing else is known: the first whose priority condition admits it. */
export function resolveForPriority(policies: SlaPolicyRow[], priority: string): { policy: SlaPolicyRow | null; conditional: SlaPolicyRow[] } {
  const conditional: SlaPolicyRow[] = [];
  for (const p of policies) {
    const admits = !p.conditions.priorities || p.conditions.priorities.includes(priority);
    if (!admits) continue;
    const others = Object.entries(p.conditions).some(([k, v]) => k !== 'priorities' && v && v.length);
    if (others) conditional.push(p);
    else return { policy: p, conditional };
  }
  return { policy: null, conditional };
}
