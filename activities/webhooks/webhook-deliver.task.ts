import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../../config/config';
import type { Db } from '../../db/knex';
import { enqueueDeliveries } from '../../services/webhooks/webhook.jobs';
import { nextRetryDelayMs } from '../../services/webhooks/webhook.retry';
import {
  ATTEMPT_HEADER, DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureHeader,
} from '../../services/webhooks/webhook.signature';
import { webhookEventBody, type DeliveryRow } from '../../services/webhooks/webhook.view';
import { postWebhook, type HttpAttempt } from './webhook.http';

const payloadSchema = z.object({ deliveryId: z.number().int().positive() });

type Target = DeliveryRow & { url: string; secret: string; active: boolean; payload: unknown; occurred_at: Date };

async function loadTarget(db: Db, deliveryId: number): Promise<Target | undefined> {
  return db('webhook_deliveries as d')
    .join('webhooks as w', 'w.id', 'd.webhook_id')
    .join('outbox as o', 'o.id', 'd.outbox_id')
    .where('d.id', deliveryId)
    .first<Target | undefined>('d.*', 'w.url', 'w.secret', 'w.active', 'o.payload', 'o.occurred_at');
}

/**
 * Log the attempt and decide what comes next in one transaction: succeeded, another try at
 * now + schedule[attempt-1] (a new job under the same job_key), or failed once the schedule is used up.
 * The `attempts` guard makes a stray duplicate job unable to record the same attempt twice.
 */
async function recordAttempt(db: Db, schedule: readonly number[], target: Target, attempt: number, result: HttpAttempt): Promise<boolean> {
  return db.transaction(async (trx) => {
    const delay = result.ok ? null : nextRetryDelayMs(schedule, attempt);
    const nextAt = delay === null ? null : new Date(Date.now() + delay);
    const status = result.ok ? 'succeeded' : nextAt ? 'pending' : 'failed';
    const updated = await trx('webhook_deliveries')
      .where({ id: target.id, status: 'pending', attempts: attempt - 1 })
      .update({ status, attempts: attempt, next_attempt_at: nextAt, completed_at: status === 'pending' ? null : trx.fn.now() })
      .returning('id');
    if (updated.length === 0) return false;
    await trx('webhook_delivery_attempts').insert({
      delivery_id: target.id, attempt, status_code: result.statusCode, error: result.error,
      duration_ms: result.durationMs, response_excerpt: result.responseExcerpt,
    });
    if (nextAt) await enqueueDeliveries(trx, [target.id], nextAt);
    return true;
  });
}

/** POST one delivery, signed with the webhook's current secret, and record the outcome. */
export function createWebhookDeliverTask({ db, config, logger }: { db: Db; config: Config; logger: Logger }): Task {
  return async (rawPayload, helpers) => {
    const payload = payloadSchema.safeParse(rawPayload);
    if (!payload.success) {
      logger.error({ jobId: helpers.job.id, payload: rawPayload }, 'webhook_deliver job with an invalid payload dropped');
      return;
    }
    const target = await loadTarget(db, payload.data.deliveryId);
    // Deleted webhook (cascade) or an already finished delivery: nothing left to do.
    if (!target || target.status !== 'pending') return;
    const log = logger.child({ task: 'webhook_deliver', deliveryId: target.id, webhookId: target.webhook_id, eventId: target.outbox_id });
    if (!target.active) {
      // A disabled webhook gets no traffic; the delivery stays in the log as failed and can be replayed later.
      await db('webhook_deliveries').where({ id: target.id, status: 'pending' })
        .update({ status: 'failed', next_attempt_at: null, completed_at: db.fn.now() });
      log.info('webhook disabled; pending delivery marked failed');
      return;
    }
    const attempt = target.attempts + 1;
    const body = JSON.stringify(webhookEventBody({ id: target.outbox_id, event_type: target.event_type, payload: target.payload, occurred_at: target.occurred_at }));
    const timestamp = Math.floor(Date.now() / 1000);
    const result = await postWebhook({
      url: target.url,
      body,
      timeoutMs: config.webhooks.timeoutMs,
      shutdown: helpers.abortSignal,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Lantern-Webhooks/1',
        [EVENT_HEADER]: target.event_type,
        [DELIVERY_HEADER]: String(target.id),
        [ATTEMPT_HEADER]: String(attempt),
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signatureHeader(target.secret, timestamp, body),
      },
    });
    const recorded = await recordAttempt(db, config.webhooks.retryScheduleMs, target, attempt, result);
    if (!recorded) log.warn({ attempt }, 'attempt already recorded by another job; outcome not stored');
    else if (!result.ok) log.info({ attempt, statusCode: result.statusCode, error: result.error }, 'webhook attempt failed');
  };
}
