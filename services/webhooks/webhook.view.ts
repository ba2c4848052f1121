import type { WebhookDeliveryStatus } from '../../core/schemas/webhook.schema';

export type WebhookRow = {
  id: number;
  url: string;
  description: string;
  event_types: string[];
  secret: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
};

export type DeliveryRow = {
  id: number;
  webhook_id: number;
  outbox_id: number;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  replay_of: number | null;
  created_at: Date;
  completed_at: Date | null;
};

export type AttemptRow = {
  attempt: number;
  attempted_at: Date;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  response_excerpt: string | null;
};

export type OutboxRow = {
  id: number;
  event_type: string;
  payload: unknown;
  occurred_at: Date;
};

/** The webhook as the API shows it: never the secret. */
export function webhookView(row: WebhookRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}
export type WebhookView = ReturnType<typeof webhookView>;

export function deliveryView(row: DeliveryRow) {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    event: { id: row.outbox_id, type: row.event_type },
    status: row.status,
    attemptCount: row.attempts,
    nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
    replayOf: row.replay_of,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}
export type DeliveryView = ReturnType<typeof deliveryView>;

export function attemptView(row: AttemptRow) {
  return {
    attempt: row.attempt,
    attemptedAt: row.attempted_at.toISOString(),
    statusCode: row.status_code,
    error: row.error,
    durationMs: row.duration_ms,
    responseExcerpt: row.response_excerpt,
  };
}

/**
 * The JSON body every delivery of an event POSTs. It is built from the outbox row alone, so retries and
 * replays send the same bytes; `id` is the event id receivers deduplicate on (replays keep it).
 */
export function webhookEventBody(event: OutboxRow) {
  return { id: event.id, type: event.event_type, occurredAt: event.occurred_at.toISOString(), data: event.payload };
}
