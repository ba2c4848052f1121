import { conflict, notFound } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { CreateWebhookInput, UpdateWebhookInput } from '../../core/schemas/webhook.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { keysetPage } from '../keyset';
import { newWebhookSecret } from './webhook.signature';
import { webhookView, type WebhookRow, type WebhookView } from './webhook.view';

export async function findWebhook(db: Queryable, id: number, opts: { forUpdate?: boolean } = {}): Promise<WebhookRow> {
  const q = db('webhooks').where({ id }).first<WebhookRow | undefined>('*');
  const row = await (opts.forUpdate ? q.forUpdate() : q);
  if (!row) throw notFound('Webhook', id);
  return row;
}

export async function listWebhooks(
  db: Queryable, page: { limit: number; cursor?: string | undefined },
): Promise<{ data: WebhookView[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await keysetPage<WebhookRow>(db('webhooks').select('*'), { column: 'id', idColumn: 'id', value: 'id' }, page);
  return { data: rows.map(webhookView), nextCursor };
}

/** The secret is returned once, here and on rotation; the API never shows it again. */
export async function createWebhook(db: Queryable, actor: Actor, input: CreateWebhookInput): Promise<{ webhook: WebhookView; secret: string }> {
  return db.transaction(async (trx) => {
    const secret = newWebhookSecret();
    const [row] = await trx('webhooks')
      .insert({ url: input.url, description: input.description ?? '', event_types: input.eventTypes, secret, active: input.active ?? true })
      .returning<WebhookRow[]>('*');
    const webhook = webhookView(row!);
    await recordAudit(trx, actor, { action: 'webhook.create', entityType: 'webhook', entityId: webhook.id, after: webhook });
    return { webhook, secret };
  });
}

export async function updateWebhook(db: Queryable, actor: Actor, id: number, input: UpdateWebhookInput): Promise<WebhookView> {
  return db.transaction(async (trx) => {
    const before = await findWebhook(trx, id, { forUpdate: true });
    if (input.version !== undefined && input.version !== before.version) {
      throw conflict(`Webhook ${id} was changed by someone else (you have version ${input.version}, current is ${before.version}); reload and apply your change again`);
    }
    const patch: Partial<Pick<WebhookRow, 'url' | 'description' | 'event_types' | 'active'>> = {};
    if (input.url !== undefined && input.url !== before.url) patch.url = input.url;
    if (input.description !== undefined && input.description !== before.description) patch.description = input.description;
    if (input.active !== undefined && input.active !== before.active) patch.active = input.active;
    if (input.eventTypes !== undefined && input.eventTypes.join() !== before.event_types.join()) patch.event_types = input.eventTypes;
    if (Object.keys(patch).length === 0) return webhookView(before);
    const [after] = await trx('webhooks').where({ id })
      .update({ ...patch, updated_at: trx.fn.now(), version: trx.raw('version + 1') })
      .returning<WebhookRow[]>('*');
    const view = webhookView(after!);
    await recordAudit(trx, actor, { action: 'webhook.update', entityType: 'webhook', entityId: id, before: webhookView(before), after: view });
    return view;
  });
}

/** Deleting a webhook drops its delivery log too (FK cascade); queued delivery jobs then find nothing to do. */
export async function deleteWebhook(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await findWebhook(trx, id, { forUpdate: true });
    await trx('webhooks').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'webhook.delete', entityType: 'webhook', entityId: id, before: webhookView(before) });
  });
}

/** The old secret stops signing at once: pending retries are signed with the new one. */
export async function rotateWebhookSecret(db: Queryable, actor: Actor, id: number): Promise<{ webhook: WebhookView; secret: string }> {
  return db.transaction(async (trx) => {
    const before = await findWebhook(trx, id, { forUpdate: true });
    const secret = newWebhookSecret();
    const [after] = await trx('webhooks').where({ id })
      .update({ secret, updated_at: trx.fn.now(), version: trx.raw('version + 1') })
      .returning<WebhookRow[]>('*');
    const webhook = webhookView(after!);
    // The action says the secret changed; the secret itself never reaches the audit log.
    await recordAudit(trx, actor, { action: 'webhook.rotate_secret', entityType: 'webhook', entityId: id, before: webhookView(before), after: webhook });
    return { webhook, secret };
  });
}
