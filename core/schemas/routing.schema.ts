import { IANAZone } from 'luxon';
import { z } from 'zod';
import { weeklyHoursSchema } from '../lifecycle/calendar.schema';
import { AVAILABILITY } from '../routing/scoring';
import { languageSchema, ruleBodySchema, skillNameSchema, SKILL_LEVEL_MAX, SKILL_LEVEL_MIN } from '../routing/rule.schema';

const capacity = z.number().int().min(0).max(1000);

export const routingProfileInput = z.strictObject({
  timeZone: z.string().refine((tz) => IANAZone.isValidZone(tz), { error: 'unknown IANA time zone' }).default('UTC'),
  languages: z.array(languageSchema).max(30).default(['en']),
  /** Weekly shifts in `timeZone`; null: follow the team calendar, or always on when the team has none. */
  shifts: weeklyHoursSchema.nullable().default(null),
  // Required: PUT replaces the whole profile, so an empty body must not silently reset it to defaults.
  capacity,
  channelCapacity: z.record(z.string().min(1).max(50), capacity).default({}),
  skills: z.array(z.strictObject({ skill: skillNameSchema, level: z.number().int().min(SKILL_LEVEL_MIN).max(SKILL_LEVEL_MAX) })).max(100).default([])
    .refine((s) => new Set(s.map((x) => x.skill)).size === s.length, { error: 'each skill may appear once' }),
  availability: z.enum(AVAILABILITY).optional(),
});
export type RoutingProfileInput = z.infer<typeof routingProfileInput>;

export const availabilityInput = z.strictObject({ availability: z.enum(AVAILABILITY) });
export const teamCalendarInput = z.strictObject({ calendarId: z.number().int().positive().nullable() });

export const createRoutingRuleInput = ruleBodySchema;
/** PATCH replaces the fields it sends; the whole rule is re-validated. */
export const updateRoutingRuleInput = z.strictObject({
  name: z.string().optional(), kind: z.string().optional(), active: z.boolean().optional(), match: z.string().optional(),
  conditions: z.array(z.unknown()).optional(), actions: z.unknown().optional(), version: z.number().int().positive().optional(),
});
export const reorderRoutingRulesInput = z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(1000) });

/** Dry run: a stored ticket, or a ticket-like object (nothing is written either way). */
export const dryRunInput = z.strictObject({
  ticketId: z.number().int().positive().optional(),
  ticket: z.strictObject({
    channel: z.string().max(50).default('web'),
    priority: z.string().max(100).nullable().default(null),
    tags: z.array(z.string().max(100)).max(100).default([]),
    language: languageSchema.nullable().default(null),
    organizationId: z.number().int().positive().nullable().default(null),
    teamId: z.number().int().positive().nullable().default(null),
    customFields: z.record(z.string(), z.unknown()).default({}),
    subject: z.string().max(1000).default(''),
    text: z.string().max(20_000).default(''),
  }).optional(),
}).refine((b) => (b.ticketId === undefined) !== (b.ticket === undefined), { error: 'give either ticketId or ticket', path: ['ticketId'] });
export type DryRunInput = z.infer<typeof dryRunInput>;
