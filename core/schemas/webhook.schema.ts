import { z } from 'zod';
import { EVENT_TYPES } from '../ticket';
import { cursor, id, limit } from './common.schema';

/** Subscribing to `*` means every event type, including ones added later. */
export const ALL_EVENTS = '*';
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** http(s) only, and never credentials in the URL: they would be stored and shown in plain text. */
export const webhookUrl = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .superRefine((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute http or https URL' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must use http or https' });
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not contain credentials (user:password@); authenticate with the signature instead' });
    if (!url.hostname) ctx.addIssue({ code: 'custom', message: 'must name a host' });
  })
  .describe('http or https URL the events are POSTed to, without user:password@');

/** Known event types or `*`; duplicates are dropped and `*` absorbs the rest, so the stored list is canonical. */
export const webhookEventTypes = z
  .array(z.enum([...EVENT_TYPES, ALL_EVENTS]))
  .min(1, 'subscribe to at least one event type (or "*" for all)')
  .max(EVENT_TYPES.length + 1)
  .transform((types) => (types.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(types)].sort()));

export const createWebhookInput = z.strictObject({
  url: webhookUrl,
  eventTypes: webhookEventTypes,
  description: z.string().trim().max(500).optional(),
  active: z.boolean().optional(),
});
export type CreateWebhookInput = z.infer<typeof createWebhookInput>;

export const updateWebhookInput = z
  .strictObject({
    url: webhookUrl.optional(),
    eventTypes: webhookEventTypes.optional(),
    description: z.string().trim().max(500).optional(),
    active: z.boolean().optional(),
    /** Optional optimistic-concurrency guard: when given it must match the current version. */
    version: z.number().int().positive().optional(),
  })
  .refine((u) => Object.keys(u).some((k) => k !== 'version'), { message: 'give at least one field to change' });
export type UpdateWebhookInput = z.infer<typeof updateWebhookInput>;

export const deliveryParams = z.strictObject({ id, deliveryId: id });
export const listDeliveriesQuery = z.strictObject({ limit, cursor, status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional() });
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuery>;

/** Response shapes, for the OpenAPI document. */
export const webhookResponse = z.object({
  id: z.number(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number(),
});
export const webhookWithSecretResponse = webhookResponse.extend({
  secret: z.string().describe('Signing secret (whsec_...). Shown only when created or rotated: store it now.'),
});

export const deliveryResponse = z.object({
  id: z.number(),
  webhookId: z.number(),
  event: z.object({ id: z.number(), type: z.string() }),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attemptCount: z.number(),
  nextAttemptAt: z.iso.datetime().nullable(),
  replayOf: z.number().nullable(),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});
export const deliveryAttemptResponse = z.object({
  attempt: z.number(),
  attemptedAt: z.iso.datetime(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
  responseExcerpt: z.string().nullable(),
});
export const deliveryDetailResponse = deliveryResponse.extend({
  payload: z.object({ id: z.number(), type: z.string(), occurredAt: z.iso.datetime(), data: z.unknown() }),
  attempts: z.array(deliveryAttemptResponse),
});
