import { z } from 'zod';
import { calendarSchema } from '../lifecycle/calendar.schema';
import { policySchema } from '../lifecycle/policy.schema';
import { SLA_METRICS } from '../lifecycle/sla-metric';
import { bodyId, cursor, id, limit } from './common.schema';
import { STATUS_CATEGORIES } from '../ticket';
import { atLeastOneChange, bodyVersion, queryBool } from './query.schema';

/*
 * API shapes of the lifecycle resources. Field validators come from the policy document's own schema
 * (core/lifecycle/policy.schema.ts), so a rule is written once; cross-field rules (unknown priorities,
 * escalations on metrics without a target) are checked when the whole document is compiled.
 */

const slaPolicyShape = policySchema.shape.sla.unwrap().shape.policies.unwrap().element.shape;
const conditions = slaPolicyShape.when.unwrap();
const hours = slaPolicyShape.hours.unwrap();
const escalations = slaPolicyShape.escalations.unwrap();
const name = z.string().trim().min(1).max(200);
const position = z.number().int().min(1).max(10_000);

// ---- Calendars ----

export const createCalendarInput = calendarSchema.safeExtend({ name });
export type CreateCalendarInput = z.infer<typeof createCalendarInput>;

export const updateCalendarInput = z
  .strictObject({
    name: name.optional(),
    timeZone: calendarSchema.shape.timeZone.optional(),
    weeklyHours: calendarSchema.shape.weeklyHours.optional(),
    holidays: calendarSchema.shape.holidays.unwrap().optional(),
    version: bodyVersion,
  })
  .refine(...atLeastOneChange);
export type UpdateCalendarInput = z.infer<typeof updateCalendarInput>;

export const calendarResponse = z.object({
  id: z.number(),
  name: z.string(),
  timeZone: z.string(),
  weeklyHours: calendarSchema.shape.weeklyHours,
  holidays: z.array(z.string()),
  /** The calendar the lifecycle policy measures business time in. */
  inUse: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number(),
});
export type CalendarView = z.infer<typeof calendarResponse>;

// ---- SLA policies ----

export const createSlaPolicyInput = z.strictObject({
  name,
  conditions: conditions.optional(),
  hours: hours.optional(),
  targets: slaPolicyShape.targets,
  escalations: escalations.optional(),
  /** 1-based place in the evaluation order; omitted or past the end appends. */
  position: position.optional(),
});
export type CreateSlaPolicyInput = z.infer<typeof createSlaPolicyInput>;

export const updateSlaPolicyInput = z
  .strictObject({
    name: name.optional(),
    conditions: conditions.optional(),
    hours: hours.optional(),
    targets: slaPolicyShape.targets.optional(),
    escalations: escalations.optional(),
    position: position.optional(),
    version: bodyVersion,
  })
  .refine(...atLeastOneChange);
export type UpdateSlaPolicyInput = z.infer<typeof updateSlaPolicyInput>;

export const reorderSlaPoliciesInput = z.strictObject({
  ids: z.array(bodyId).min(1).max(10_000).refine((ids) => new Set(ids).size === ids.length, 'ids must be unique'),
});
export type ReorderSlaPoliciesInput = z.infer<typeof reorderSlaPoliciesInput>;

export const slaPolicyResponse = z.object({
  id: z.number(),
  position: z.number(),
  name: z.string(),
  conditions,
  hours,
  targets: z.object(Object.fromEntries(SLA_METRICS.map((m) => [m, z.number().optional()]))),
  escalations,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number(),
});
export type SlaPolicyView = z.infer<typeof slaPolicyResponse>;

// ---- Lifecycle settings and the compiled policy ----

const section = (what: string) => z.record(z.string(), z.unknown()).describe(`${what}; validated with the whole policy document`);

const settingsShape = {
  calendarId: bodyId,
  warningPercent: policySchema.shape.sla.unwrap().shape.warningPercent.unwrap()
    .describe('percent of an SLA target at which the warning escalations run (1-99)'),
  pending: section('pending: reminderAfterHours, maxReminders, reminderTemplate, autoSolveAfterDays'),
  solved: section('solved: autoCloseAfterDays, reopenWindowDays'),
  survey: section('survey: enabled, delayHours'),
  customerNotifications: section('customer notification per status category ({ template }); null turns one off'),
  agentAlerts: section('agentAlerts: onCustomerReply, onAssignment, onReopen, lowCsatAtOrBelow'),
};

/** PUT: the whole settings; omitted sections and fields take the documented defaults. */
export const replaceLifecycleSettingsInput = z.strictObject({
  ...settingsShape,
  warningPercent: settingsShape.warningPercent.optional(),
  pending: settingsShape.pending.optional(),
  solved: settingsShape.solved.optional(),
  survey: settingsShape.survey.optional(),
  customerNotifications: settingsShape.customerNotifications.optional(),
  agentAlerts: settingsShape.agentAlerts.optional(),
  version: bodyVersion,
});
export type ReplaceLifecycleSettingsInput = z.infer<typeof replaceLifecycleSettingsInput>;

/** PATCH: only what is sent changes; a section is merged field by field into the current one. */
export const patchLifecycleSettingsInput = z
  .strictObject({ ...z.object(settingsShape).partial().shape, version: bodyVersion })
  .refine(...atLeastOneChange);
export type PatchLifecycleSettingsInput = z.infer<typeof patchLifecycleSettingsInput>;

const p = policySchema.shape;
export const lifecycleSettingsResponse = z.object({
  calendarId: z.number(),
  warningPercent: z.number(),
  pending: p.pending.unwrap(),
  solved: p.solved.unwrap(),
  survey: p.survey.unwrap(),
  customerNotifications: p.customerNotifications.unwrap(),
  agentAlerts: p.agentAlerts.unwrap(),
  updatedAt: z.iso.datetime(),
  version: z.number(),
});
export type LifecycleSettingsView = z.infer<typeof lifecycleSettingsResponse>;

export const policyVersionResponse = z.object({
  version: z.number(),
  createdAt: z.iso.datetime(),
  createdBy: z.number().nullable(),
});
export type PolicyVersionView = z.infer<typeof policyVersionResponse>;

export const lifecyclePolicyResponse = z.object({
  policyVersion: z.number(),
  compiledAt: z.iso.datetime(),
  document: z.record(z.string(), z.unknown()).describe('the compiled policy document the engines run (core/lifecycle/policy.schema.ts)'),
  settings: lifecycleSettingsResponse,
});

export const policyVersionParam = z.strictObject({ version: id });
export const listPolicyVersionsQuery = z.strictObject({ limit, cursor });

// ---- Surveys ----

export const surveyTokenParam = z.strictObject({ token: z.string().min(1).max(300) });
export const answerSurveyInput = z.strictObject({
  rating: z.number().int().min(1, 'rate from 1 to 5').max(5, 'rate from 1 to 5'),
  comment: z.string().trim().max(5000).optional(),
});
export type AnswerSurveyInput = z.infer<typeof answerSurveyInput>;

export const surveyQuestionResponse = z.object({
  question: z.string(),
  ticket: z.object({ number: z.number(), subject: z.string() }),
  scale: z.object({ min: z.literal(1), max: z.literal(5) }),
  expiresAt: z.iso.datetime(),
});

export const surveyAnswerResponse = z.object({ rating: z.number(), comment: z.string().nullable(), answeredAt: z.iso.datetime() });

// ---- Lifecycles of tickets ----

export const ticketLifecycleQuery = z.strictObject({ limit, cursor });
export const listLifecyclesQuery = z.strictObject({
  statusCategory: z.enum(STATUS_CATEGORIES).optional(),
  breached: queryBool.optional(),
  /** Only lifecycles whose next SLA deadline is before this instant. */
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  limit,
  cursor,
});

export const lifecycleListResponse = z.object({
  data: z.array(z.object({ ticketId: z.number(), running: z.boolean(), summary: z.record(z.string(), z.unknown()), updatedAt: z.string() })),
  nextCursor: z.string().nullable(),
});

// ---- Notifications ----

export const listNotificationsQuery = z.strictObject({ unread: queryBool.optional(), limit, cursor });
export const notificationResponse = z.object({
  id: z.number(),
  kind: z.string(),
  ticketId: z.number().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
