import { z } from 'zod';
import { PREVIEW_KINDS } from '../lifecycle/policy-preview';
import { CHANNELS, STATUS_CATEGORIES } from '../ticket';
import { bodyId as id } from './common.schema';

/** POST /lifecycle-policies/preview: a sample ticket, what people do to it, and optionally an unsaved policy draft. */

const MAX_MINUTES = 90 * 24 * 60;

const scriptedEvent = z.discriminatedUnion('event', [
  z.strictObject({ afterMinutes: z.number().int().min(0).max(MAX_MINUTES), event: z.literal('agent_reply') }),
  z.strictObject({ afterMinutes: z.number().int().min(0).max(MAX_MINUTES), event: z.literal('customer_reply') }),
  z.strictObject({ afterMinutes: z.number().int().min(0).max(MAX_MINUTES), event: z.literal('status'), statusCategory: z.enum(STATUS_CATEGORIES) }),
]);

export const lifecyclePreviewInput = z.strictObject({
  ticket: z.strictObject({
    priority: id,
    channel: z.enum(CHANNELS).default('email'),
    tags: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
    /** Accepted for the designer's sample; SLA conditions do not look at custom fields (yet). */
    customFields: z.record(z.string(), z.unknown()).optional(),
    teamId: id.nullable().optional(),
    organizationId: id.nullable().optional(),
    createdAt: z.iso.datetime({ offset: true }).optional(),
  }),
  /** Relative to creation; default: nobody answers. */
  events: z.array(scriptedEvent).max(50).default([]),
  /** An unsaved policy document, validated exactly like a saved one; omitted: the version in force. */
  policy: z.record(z.string(), z.unknown()).optional(),
  /** Preview with another business-hours calendar than the draft's or the current one. */
  calendarId: id.optional(),
  horizonDays: z.number().int().min(1).max(90).default(14),
});
export type LifecyclePreviewInput = z.infer<typeof lifecyclePreviewInput>;

const param = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const lifecyclePreviewResponse = z.object({
  policyVersion: z.number().nullable(),
  draft: z.boolean(),
  ticket: z.object({ priority: z.string(), channel: z.string(), tags: z.array(z.string()), teamId: z.string().nullable(), createdAt: z.string() }),
  match: z.object({
    slaPolicyId: z.string().nullable(),
    name: z.string().nullable(),
    hours: z.enum(['business', 'calendar']).nullable(),
    targets: z.record(z.string(), z.number()),
    candidates: z.array(z.object({
      id: z.string(),
      name: z.string().nullable(),
      matched: z.boolean(),
      checks: z.array(z.object({ condition: z.string(), values: z.array(z.string()), met: z.boolean() })),
    })),
  }),
  calendar: z.object({ timeZone: z.string() }),
  timeline: z.array(z.object({ at: z.string(), kind: z.enum(PREVIEW_KINDS), params: z.record(z.string(), param) })),
  horizonEnd: z.string(),
  truncated: z.boolean(),
});
export type LifecyclePreviewView = z.infer<typeof lifecyclePreviewResponse>;
