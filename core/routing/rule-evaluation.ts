import type { RoutingActions, RoutingCondition, RoutingRule, SkillRequirement } from './rule.schema';

/** What routing rules can look at: a ticket, or a ticket-like object sent to the dry-run endpoint. */
export type TicketFacts = {
  channel: string;
  priority: string | null;
  priorityRank: number | null;
  tags: readonly string[];
  language: string | null;
  organizationId: number | null;
  teamId: number | null;
  customFields: Readonly<Record<string, unknown>>;
  /** Subject and first message, searched by `text` conditions. */
  text: string;
};

export type ConditionResult = { condition: RoutingCondition; matched: boolean; actual: unknown };
export type RuleResult = { ruleId: number; name: string; kind: RoutingRule['kind']; matched: boolean; conditions: ConditionResult[] };

/** The combined effect of the matching rules, ready for candidate selection. */
export type RuleOutcome = {
  /** The route rule that won (first match), or null. */
  routeRule: { id: number; name: string } | null;
  taggingRules: Array<{ id: number; name: string }>;
  teamId: number | null;
  requiredSkills: SkillRequirement[];
  language: string | null;
  setPriority: string | null;
  addTags: string[];
  assignTo: number | null;
  allowOffShift: boolean;
  /** Every active rule in order, with each condition's result: the "why" an admin reads. */
  evaluated: RuleResult[];
};

const lower = (s: string) => s.toLowerCase();

function inList<T>(op: 'in' | 'not_in', actual: T, values: readonly T[]): boolean {
  const found = values.includes(actual);
  return op === 'in' ? found : !found;
}

export function evaluateCondition(c: RoutingCondition, t: TicketFacts): ConditionResult {
  const result = (matched: boolean, actual: unknown): ConditionResult => ({ condition: c, matched, actual });
  switch (c.field) {
    case 'channel':
      return result(inList(c.op, lower(t.channel), c.values.map(lower)), t.channel);
    case 'priority':
      return result(t.priority !== null && inList(c.op, lower(t.priority), c.values.map(lower)), t.priority);
    case 'priority_rank':
      return result(t.priorityRank !== null && (c.op === 'gte' ? t.priorityRank >= c.value : t.priorityRank <= c.value), t.priorityRank);
    case 'tags': {
      const have = new Set(t.tags.map(lower));
      const wanted = c.values.map(lower);
      const matched = c.op === 'any' ? wanted.some((v) => have.has(v)) : c.op === 'all' ? wanted.every((v) => have.has(v)) : !wanted.some((v) => have.has(v));
      return result(matched, t.tags);
    }
    case 'language':
      return result(t.language !== null && inList(c.op, lower(t.language), c.values), t.language);
    case 'organization':
      if (c.op === 'none') return result(t.organizationId === null, t.organizationId);
      return result(t.organizationId !== null && inList(c.op, t.organizationId, c.values), t.organizationId);
    case 'team':
      if (c.op === 'none') return result(t.teamId === null, t.teamId);
      return result(t.teamId !== null && inList(c.op, t.teamId, c.values), t.teamId);
    case 'custom_field': {
      const value = t.customFields[c.key];
      const present = value !== undefined && value !== null;
      if (c.op === 'exists') return result(present, value ?? null);
      if (c.op === 'missing') return result(!present, value ?? null);
      // Multi-select values are arrays: any overlap counts.
      const actual = Array.isArray(value) ? value : [value];
      const matched = present && (c.op === 'eq' ? c.values.length > 0 && actual.includes(c.values[0]) : actual.some((v) => c.values.includes(v as string | number | boolean)));
      return result(matched, value ?? null);
    }
    case 'text': {
      const haystack = lower(t.text);
      const hits = c.values.filter((p) => haystack.includes(lower(p)));
      return result(c.op === 'contains_any' ? hits.length > 0 : hits.length === 0, hits);
    }
  }
}

function evaluateRule(rule: RoutingRule, t: TicketFacts): RuleResult {
  const conditions = rule.conditions.map((c) => evaluateCondition(c, t));
  // A rule without conditions is a catch-all.
  const matched = conditions.length === 0 || (rule.match === 'all' ? conditions.every((c) => c.matched) : conditions.some((c) => c.matched));
  return { ruleId: rule.id, name: rule.name, kind: rule.kind, matched, conditions };
}

/**
 * Ordered evaluation: every matching tagging rule applies, then the first matching route rule wins.
 * Tagging rules run first so their tags are visible to route rules (a rule may route on a tag another rule added).
 */
export function evaluateRules(rules: readonly RoutingRule[], ticket: TicketFacts): RuleOutcome {
  const ordered = rules.filter((r) => r.active).sort((a, b) => a.position - b.position || a.id - b.id);
  const evaluated: RuleResult[] = [];
  const addTags: string[] = [];
  const taggingRules: RuleOutcome['taggingRules'] = [];
  let setPriority: string | null = null;
  for (const rule of ordered.filter((r) => r.kind === 'tagging')) {
    const res = evaluateRule(rule, ticket);
    evaluated.push(res);
    if (!res.matched) continue;
    taggingRules.push({ id: rule.id, name: rule.name });
    for (const tag of rule.actions.addTags ?? []) if (!addTags.includes(tag)) addTags.push(tag);
    setPriority = rule.actions.setPriority ?? setPriority;
  }
  const facts: TicketFacts = { ...ticket, tags: [...new Set([...ticket.tags, ...addTags])] };
  let winner: RoutingRule | null = null;
  for (const rule of ordered.filter((r) => r.kind === 'route')) {
    if (winner) break;
    const res = evaluateRule(rule, facts);
    evaluated.push(res);
    if (res.matched) winner = rule;
  }
  const a: RoutingActions = winner?.actions ?? {};
  for (const tag of a.addTags ?? []) if (!addTags.includes(tag)) addTags.push(tag);
  return {
    routeRule: winner && { id: winner.id, name: winner.name },
    taggingRules,
    teamId: a.routeToTeam ?? ticket.teamId,
    requiredSkills: a.requireSkills ?? [],
    language: a.requireLanguage ?? ticket.language,
    setPriority: a.setPriority ?? setPriority,
    addTags,
    assignTo: a.assignTo ?? null,
    allowOffShift: a.allowOffShift ?? false,
    evaluated,
  };
}
