/** Routing rule shapes (core/routing/rule.schema.ts) and the dry-run decision (core/routing/decision.ts). */
export const CONDITION_FIELDS = ['channel', 'priority', 'priority_rank', 'tags', 'language', 'organization', 'team', 'custom_field', 'text'] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];
export const OPS: Record<ConditionField, readonly string[]> = {
  channel: ['in', 'not_in'], priority: ['in', 'not_in'], priority_rank: ['gte', 'lte'], tags: ['any', 'all', 'none'],
  language: ['in', 'not_in'], organization: ['in', 'not_in', 'none'], team: ['in', 'not_in', 'none'],
  custom_field: ['eq', 'in', 'exists', 'missing'], text: ['contains_any', 'contains_none'],
};
export type Condition = { field: ConditionField; op: string; values?: Array<string | number | boolean>; value?: number; key?: string };
export type RuleActions = {
  routeToTeam?: number; requireSkills?: Array<{ skill: string; minLevel: number }>; setPriority?: string; addTags?: string[];
  assignTo?: number; requireLanguage?: string; allowOffShift?: boolean;
};
export type RoutingRuleRow = {
  id: number; position: number; name: string; kind: 'route' | 'tagging'; active: boolean; match: 'all' | 'any';
  conditions: Condition[]; actions: RuleActions; createdAt: string; updatedAt: string; version: number;
};
export type RoutingDecision = {
  trigger: string; at: string; rule: { id: number; name: string } | null; taggingRules: Array<{ id: number; name: string }>;
  evaluated: Array<{ ruleId: number; name: string; kind: string; matched: boolean; conditions: Array<{ condition: Condition; matched: boolean; actual: unknown }> }>;
  requirements: { teamId: number | null; channel: string; requiredSkills: Array<{ skill: string; minLevel: number }>; language: string | null; allowOffShift: boolean };
  candidates: Array<{ workerId: number; eligible: boolean; reasons: string[]; load: number; score: number; rank: number | null }>;
  outcome: string; chosen: number | null;
};

/** A fresh condition of a field, with the shape that field needs. */
export function emptyCondition(field: ConditionField): Condition {
  const op = OPS[field][0]!;
  if (field === 'priority_rank') return { field, op, value: 0 };
  if (field === 'custom_field') return { field, op, key: '', values: [] };
  return { field, op, values: [] };
}
