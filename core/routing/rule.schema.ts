import { z } from 'zod';

/** Skill levels run 1 (basic) … 5 (expert). */
export const SKILL_LEVEL_MIN = 1;
export const SKILL_LEVEL_MAX = 5;

const name = z.string().trim().min(1).max(100);
const skillName = z.string().trim().toLowerCase().min(1).max(60).regex(/^[a-z0-9][a-z0-9_.-]*$/, { error: 'skills are lowercase letters, digits, _ . -' });
const language = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$/, { error: 'language must be an ISO 639 code like en or pt-br' });
const level = z.number().int().min(SKILL_LEVEL_MIN).max(SKILL_LEVEL_MAX);
const id = z.number().int().positive();
const strings = z.array(z.string().trim().min(1).max(200)).min(1).max(100);

export const skillNameSchema = skillName;
export const languageSchema = language;
export const skillRequirementSchema = z.strictObject({ skill: skillName, minLevel: level.default(SKILL_LEVEL_MIN) });

/** One test on a ticket property; each field has only the operators that make sense for it. */
export const conditionSchema = z.discriminatedUnion('field', [
  z.strictObject({ field: z.literal('channel'), op: z.enum(['in', 'not_in']), values: strings }),
  z.strictObject({ field: z.literal('priority'), op: z.enum(['in', 'not_in']), values: strings }),
  z.strictObject({ field: z.literal('priority_rank'), op: z.enum(['gte', 'lte']), value: z.number().int() }),
  z.strictObject({ field: z.literal('tags'), op: z.enum(['any', 'all', 'none']), values: strings }),
  z.strictObject({ field: z.literal('language'), op: z.enum(['in', 'not_in']), values: z.array(language).min(1).max(50) }),
  z.strictObject({ field: z.literal('organization'), op: z.enum(['in', 'not_in', 'none']), values: z.array(id).max(200).default([]) }),
  z.strictObject({ field: z.literal('team'), op: z.enum(['in', 'not_in', 'none']), values: z.array(id).max(200).default([]) }),
  z.strictObject({
    field: z.literal('custom_field'), key: z.string().min(1).max(100), op: z.enum(['eq', 'in', 'exists', 'missing']),
    values: z.array(z.union([z.string().max(500), z.number(), z.boolean()])).max(100).default([]),
  }),
  // Case-insensitive phrase match on subject and first message; phrases, not regexes, so admin data cannot ReDoS us.
  z.strictObject({ field: z.literal('text'), op: z.enum(['contains_any', 'contains_none']), values: strings }),
]);

export const actionsSchema = z.strictObject({
  routeToTeam: id.optional(),
  requireSkills: z.array(skillRequirementSchema).max(20).optional(),
  /** Priority name (active priorities only; checked on write). */
  setPriority: z.string().trim().min(1).max(100).optional(),
  addTags: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  assignTo: id.optional(),
  requireLanguage: language.optional(),
  /** Lets this rule's tickets go to workers off shift (by default they never do). */
  allowOffShift: z.boolean().optional(),
});

export const RULE_KINDS = ['route', 'tagging'] as const;

export const ruleBodySchema = z.strictObject({
  name,
  /** `route`: first match wins. `tagging`: every matching rule applies (its actions may only add tags or set priority). */
  kind: z.enum(RULE_KINDS).default('route'),
  active: z.boolean().default(true),
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(conditionSchema).max(30).default([]),
  actions: actionsSchema,
}).superRefine((rule, ctx) => {
  if (rule.kind === 'tagging') {
    const forbiddenKeys = (['routeToTeam', 'requireSkills', 'assignTo', 'requireLanguage', 'allowOffShift'] as const).filter((k) => rule.actions[k] !== undefined);
    for (const k of forbiddenKeys) ctx.addIssue({ code: 'custom', path: ['actions', k], message: 'tagging rules may only add tags or set priority' });
  }
  if (Object.values(rule.actions).every((v) => v === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['actions'], message: 'a rule needs at least one action' });
  }
});

export type SkillRequirement = z.infer<typeof skillRequirementSchema>;
export type RoutingCondition = z.infer<typeof conditionSchema>;
export type RoutingActions = z.infer<typeof actionsSchema>;
export type RuleBody = z.infer<typeof ruleBodySchema>;
/** A stored rule: its body plus identity and evaluation order. */
export type RoutingRule = RuleBody & { id: number; position: number };
