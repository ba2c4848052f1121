import { z } from 'zod';
import { calendarSchema } from './calendar.schema';
import { LifecycleError, type PolicyIssue } from './lifecycle-error';

import { ESCALATION_KINDS, SLA_METRICS } from './sla-metric';

export const ESCALATION_ACTION_TYPES = [
  'notify_assignee',
  'notify_team_lead',
  'notify_channel',
  'raise_priority',
  'reassign_team',
  'add_tag',
  'fire_webhook',
] as const;

const id = (what: string) => z.string().min(1, { error: `${what} must be a non-empty string` });
const template = id('template').optional();
const idList = (what: string) => z.array(id(what)).min(1, { error: `list at least one ${what} or leave the condition out` });

const escalationActionSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('notify_assignee'), template }).strict(),
    z.object({ type: z.literal('notify_team_lead'), template }).strict(),
    z.object({ type: z.literal('notify_channel'), destination: id('destination'), template }).strict(),
    z.object({ type: z.literal('raise_priority'), to: id('priority').optional() }).strict(),
    z.object({ type: z.literal('reassign_team'), teamId: id('teamId') }).strict(),
    z.object({ type: z.literal('add_tag'), tag: id('tag') }).strict(),
    z.object({ type: z.literal('fire_webhook'), webhookId: id('webhookId') }).strict(),
  ],
  { error: `unknown escalation action; expected one of ${ESCALATION_ACTION_TYPES.join(', ')}` },
);

const escalationStepSchema = z
  .object({
    on: z.enum(ESCALATION_KINDS, { error: "escalation 'on' must be 'warning' or 'breach'" }),
    /** Omitted: the step applies to every metric of the SLA policy. */
    metrics: z.array(z.enum(SLA_METRICS)).min(1).optional(),
    actions: z.array(escalationActionSchema).min(1, { error: 'an escalation step needs at least one action' }),
  })
  .strict();

/** All given conditions must hold; within one list any value matches. An empty object matches every ticket. */
const conditionsSchema = z
  .object({
    priorities: idList('priority').optional(),
    teamIds: idList('team id').optional(),
    organizationIds: idList('organization id').optional(),
    channels: idList('channel').optional(),
    tagsAny: idList('tag').optional(),
    tagsAll: idList('tag').optional(),
    tagsNone: idList('tag').optional(),
  })
  .strict();

const minutes = z
  .number({ error: 'targets are numbers of minutes' })
  .int({ error: 'targets are whole minutes' })
  .positive({ error: 'targets must be greater than zero' });

const targetsSchema = z
  .object({
    first_response: minutes.optional(),
    next_response: minutes.optional(),
    periodic_update: minutes.optional(),
    resolution: minutes.optional(),
  })
  .strict()
  .refine((t) => SLA_METRICS.some((m) => t[m] !== undefined), { error: 'an SLA policy needs at least one target' });

const slaPolicySchema = z
  .object({
    id: id('SLA policy id'),
    name: z.string().optional(),
    when: conditionsSchema.prefault({}),
    /** 'calendar' measures targets around the clock in the calendar's zone, ignoring hours and holidays. */
    hours: z.enum(['business', 'calendar']).default('business'),
    targets: targetsSchema,
    escalations: z.array(escalationStepSchema).default([]),
  })
  .strict();

const hours = (what: string) => z.number().positive({ error: `${what} must be greater than zero (or null to disable)` });
const notice = z.object({ template: id('template') }).strict().optional();

export const policySchema = z
  .object({
    version: z.number().int().positive({ error: 'version must be a positive integer' }),
    calendar: calendarSchema,
    /** Lowest to highest; raise_priority moves one step up this list. */
    priorities: z.array(id('priority')).min(1).default(['low', 'normal', 'high', 'urgent']),
    sla: z
      .object({
        warningPercent: z
          .number()
          .int()
          .min(1, { error: 'warningPercent must be between 1 and 99' })
          .max(99, { error: 'warningPercent must be between 1 and 99' })
          .default(75),
        /** Evaluated in order; the first policy whose conditions match the ticket applies. */
        policies: z.array(slaPolicySchema).default([]),
      })
      .strict()
      .prefault({}),
    pending: z
      .object({
        reminderAfterHours: hours('reminderAfterHours').nullable().default(48),
        maxReminders: z.number().int().min(0).default(2),
        reminderTemplate: id('reminderTemplate').default('pending_reminder'),
        autoSolveAfterDays: hours('autoSolveAfterDays').nullable().default(7),
      })
      .strict()
      .prefault({}),
    solved: z
      .object({
        autoCloseAfterDays: hours('autoCloseAfterDays').nullable().default(4),
        reopenWindowDays: z.number().min(0, { error: 'reopenWindowDays cannot be negative' }).default(4),
      })
      .strict()
      .prefault({}),
    survey: z
      .object({
        enabled: z.boolean().default(true),
        delayHours: z.number().min(0, { error: 'delayHours cannot be negative' }).default(24),
      })
      .strict()
      .prefault({}),
    /** Customer notification sent when the ticket enters a status category. */
    customerNotifications: z
      .object({ new: notice, open: notice, pending: notice, on_hold: notice, solved: notice, closed: notice })
      .strict()
      .prefault({}),
    agentAlerts: z
      .object({
        onCustomerReply: z.boolean().default(true),
        onAssignment: z.boolean().default(true),
        onReopen: z.boolean().default(true),
        lowCsatAtOrBelow: z.number().int().min(1).max(5).nullable().default(2),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const priorities = new Set(policy.priorities);
    if (priorities.size !== policy.priorities.length) {
      ctx.addIssue({ code: 'custom', path: ['priorities'], message: 'priorities must be unique' });
    }
    const seen = new Set<string>();
    policy.sla.policies.forEach((sla, i) => {
      const at = ['sla', 'policies', i];
      if (seen.has(sla.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `duplicate SLA policy id "${sla.id}"` });
      seen.add(sla.id);
      for (const p of sla.when.priorities ?? []) {
        if (!priorities.has(p)) {
          ctx.addIssue({ code: 'custom', path: [...at, 'when', 'priorities'], message: `unknown priority "${p}"` });
        }
      }
      sla.escalations.forEach((step, j) => {
        for (const metric of step.metrics ?? []) {
          if (sla.targets[metric] === undefined) {
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'escalations', j, 'metrics'],
              message: `escalation on ${metric} but the SLA policy has no ${metric} target`,
            });
          }
        }
        step.actions.forEach((action, k) => {
          if (action.type === 'raise_priority' && action.to !== undefined && !priorities.has(action.to)) {
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'escalations', j, 'actions', k, 'to'],
              message: `unknown priority "${action.to}"`,
            });
          }
        });
      });
    });
  });

export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
export type SlaPolicy = z.output<typeof slaPolicySchema>;
export type SlaConditions = z.output<typeof conditionsSchema>;
export type SlaTargets = z.output<typeof targetsSchema>;
export type EscalationStep = z.output<typeof escalationStepSchema>;
export type EscalationAction = z.output<typeof escalationActionSchema>;

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

/** Validates an admin-designed policy document; throws `LifecycleError('invalid_policy')` listing every problem. */
export function parsePolicy(input: unknown): Policy {
  const result = policySchema.safeParse(input);
  if (result.success) return result.data;
  const issues: PolicyIssue[] = result.error.issues.map((issue) => ({
    path: formatPath(issue.path) || '(root)',
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new LifecycleError('invalid_policy', `invalid lifecycle policy: ${summary}`, issues);
}
