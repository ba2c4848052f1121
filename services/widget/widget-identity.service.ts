import type { Config } from '../../config/config';
import { LanternError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { WidgetIdentifyInput } from '../../core/schemas/widget.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { publishEvent } from '../outbox.service';
import { getCustomer, recordCustomerUpdate } from '../people/customer.service';
import { lockRow } from '../row-lock';
import { loadWidgetRow } from './widget-settings.service';
import { newWidgetSecret, openWidgetSecret, sealWidgetSecret, userHashMatches } from './widget-secret';

type KeyConfig = Pick<Config, 'secretKey' | 'dataDir'>;

/** A new identity-verification secret; the old one stops working at once. The plain secret is returned only here. */
export async function rotateWidgetSecret(db: Queryable, config: KeyConfig, actor: Actor): Promise<{ secret: string; rotatedAt: string }> {
  const secret = newWidgetSecret();
  return db.transaction(async (trx) => {
    const before = await lockRow<{ id: number; identity_secret_sealed: string | null }>(trx, 'widget_settings', 1, 'Widget settings');
    const [row] = await trx('widget_settings').where({ id: 1 })
      .update({ identity_secret_sealed: sealWidgetSecret(config, secret), identity_secret_rotated_at: trx.fn.now(), updated_at: trx.fn.now(), version: trx.raw('version + 1') })
      .returning<Array<{ identity_secret_rotated_at: Date }>>('identity_secret_rotated_at');
    // The audit row says that it changed, never the secret.
    await recordAudit(trx, actor, {
      action: 'widget_settings.rotate_identity_secret', entityType: 'widget_settings', entityId: 1,
      before: { identitySecretSet: before.identity_secret_sealed !== null }, after: { identitySecretSet: true },
    });
    return { secret, rotatedAt: row!.identity_secret_rotated_at.toISOString() };
  });
}

type CustomerRow = { id: number; name: string; email: string | null; language: string };

/**
 * The customer a verified host-site user is: found by external_id, or created. The hash proves the user id only,
 * so name and language are updated from the request, but an email is taken only into a row without one and only
 * when no other customer has it (the same rule as a chat visitor leaving an address): a forged address can never
 * attach this user to someone else's account.
 */
export async function identifyWidgetUser(
  db: Queryable, config: KeyConfig, request: { requestId?: string; ip?: string }, input: WidgetIdentifyInput,
): Promise<number> {
  const row = await loadWidgetRow(db);
  if (!row.identity_secret_sealed) throw new LanternError('unauthenticated', 'Identity verification is not set up for this widget');
  if (!userHashMatches(openWidgetSecret(config, row.identity_secret_sealed), input.userId, input.userHash)) {
    throw new LanternError('unauthenticated', 'userHash does not match userId');
  }
  return db.transaction(async (trx) => {
    const emailFree = input.email !== undefined && !(await trx('customers').where({ email: input.email }).first('id'));
    const inserted = await trx('customers')
      .insert({ external_id: input.userId, name: input.name ?? input.email ?? 'Visitor', language: input.language ?? 'en', email: emailFree ? input.email : null })
      .onConflict('external_id').ignore().returning<CustomerRow[]>(['id', 'name', 'email']);
    const created = inserted[0];
    if (created) {
      const actor: Actor = { type: 'customer', id: created.id, via: 'system', viaId: null, ...request };
      await recordAudit(trx, actor, { action: 'customer.create', entityType: 'customer', entityId: created.id, after: { id: created.id, name: created.name, email: created.email, externalId: input.userId } });
      await publishEvent(trx, { type: 'customer.created', entityType: 'customer', entityId: created.id, payload: { id: created.id, email: created.email, name: created.name } });
      return created.id;
    }
    const existing = await trx('customers').where({ external_id: input.userId }).forUpdate().first<CustomerRow>('id', 'name', 'email', 'language');
    const changes: Record<string, string> = {};
    if (input.name !== undefined && input.name !== existing.name) changes.name = input.name;
    if (input.language !== undefined && input.language !== existing.language) changes.language = input.language;
    if (emailFree && existing.email === null) changes.email = input.email!;
    if (Object.keys(changes).length) {
      const before = await getCustomer(trx, existing.id);
      await trx('customers').where({ id: existing.id }).update({ ...changes, updated_at: trx.fn.now(), version: trx.raw('version + 1') });
      const actor: Actor = { type: 'customer', id: existing.id, via: 'system', viaId: null, ...request };
      await recordCustomerUpdate(trx, actor, before, await getCustomer(trx, existing.id));
    }
    return existing.id;
  });
}
