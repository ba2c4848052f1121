import type { Knex } from 'knex';

/**
 * Proactive notifications (issue 7, docs/notifications.md): which channels a customer wants notices on, their
 * browsers' web push subscriptions and the install's VAPID key pair, workers' email alert settings. Notices that
 * leave through a channel plugin carry their own text (`plugin_deliveries.body_text`, no conversation entry), and
 * worker alerts join `outbound_messages` as kind `worker_alert` (sent by the email channel to the worker).
 */
const KINDS_BEFORE = ['notify', 'reminder', 'survey', 'reply'];
const KINDS_AFTER = [...KINDS_BEFORE, 'worker_alert'];

/** Replace the CHECK on outbound_messages.kind, whatever name knex gave it (as 20261125000060_email does). */
async function setOutboundKinds(knex: Knex, kinds: string[]): Promise<void> {
  const { rows } = await knex.raw<{ rows: { conname: string }[] }>(
    `SELECT conname FROM pg_constraint WHERE conrelid = 'outbound_messages'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%kind%'`,
  );
  for (const r of rows) await knex.raw('ALTER TABLE outbound_messages DROP CONSTRAINT ??', [r.conname]);
  // DDL takes no bind parameters; the kinds are constants of this file.
  await knex.raw(`ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_kind_check CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('customer_notification_preferences', (t) => {
    t.bigInteger('customer_id').primary().references('customers.id').onDelete('CASCADE');
    // Ordered as the customer chose them; empty: the ticket's own channel only.
    t.specificType('channels', 'text[]').notNullable().defaultTo('{}');
    t.boolean('status_updates').notNullable().defaultTo(true);
    t.boolean('replies').notNullable().defaultTo(true);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('push_subscriptions', (t) => {
    t.bigIncrements('id');
    t.bigInteger('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('endpoint').notNullable().unique();
    t.text('p256dh').notNullable();
    t.text('auth').notNullable();
    t.text('user_agent');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_success_at', { useTz: true });
    t.index(['customer_id']);
  });

  // One row per install: generated on first use; the private key sealed with a key derived from the platform secret.
  await knex.schema.createTable('push_vapid_keys', (t) => {
    t.integer('id').primary().checkPositive();
    t.text('public_key').notNullable();
    t.text('private_key_encrypted').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('ALTER TABLE push_vapid_keys ADD CONSTRAINT push_vapid_keys_single CHECK (id = 1)');

  await knex.schema.createTable('worker_alert_settings', (t) => {
    t.bigInteger('worker_id').primary().references('workers.id').onDelete('CASCADE');
    t.boolean('email').notNullable().defaultTo(false);
    t.specificType('kinds', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.alterTable('plugin_deliveries', (t) => {
    t.text('body_text');
  });
  await setOutboundKinds(knex, KINDS_AFTER);
}

export async function down(knex: Knex): Promise<void> {
  await knex('outbound_messages').where({ kind: 'worker_alert' }).delete();
  await setOutboundKinds(knex, KINDS_BEFORE);
  await knex('plugin_deliveries').whereNull('entry_id').delete();
  await knex.schema.alterTable('plugin_deliveries', (t) => {
    t.dropColumn('body_text');
  });
  for (const table of ['worker_alert_settings', 'push_vapid_keys', 'push_subscriptions', 'customer_notification_preferences']) {
    await knex.schema.dropTableIfExists(table);
  }
}
