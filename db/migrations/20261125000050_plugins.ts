import type { Knex } from 'knex';

/**
 * Plugin platform (issue 6): trusted publisher keys, catalog sources, installed plugins with their runtime state,
 * channel identities of customers, inbound message dedupe, provider threads of tickets, and outbound deliveries.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('plugin_publisher_keys', (t) => {
    t.bigIncrements('id');
    t.text('publisher').notNullable();
    t.text('key_id').notNullable().unique();
    // Raw 32-byte ed25519 public key, base64.
    t.text('public_key').notNullable();
    t.boolean('builtin').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
    t.index(['publisher']);
  });

  await knex.schema.createTable('plugin_catalog_sources', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('url').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_fetched_at', { useTz: true });
    t.text('last_error');
  });

  await knex.schema.createTable('plugin_installations', (t) => {
    t.bigIncrements('id');
    t.text('plugin_id').notNullable().unique();
    t.text('version').notNullable();
    t.text('previous_version');
    t.text('publisher').notNullable();
    t.text('key_id').notNullable();
    t.jsonb('manifest').notNullable();
    t.specificType('channels', 'text[]').notNullable().defaultTo('{}');
    t.text('mode').notNullable().defaultTo('supervised').checkIn(['supervised', 'external']);
    t.text('external_address');
    t.boolean('enabled').notNullable().defaultTo(true);
    // What the supervisor last saw; `state` below is what the admin wants.
    t.text('status').notNullable().defaultTo('stopped')
      .checkIn(['stopped', 'starting', 'running', 'unhealthy', 'crash_loop', 'upgrading', 'failed', 'uninstalled']);
    t.text('health').notNullable().defaultTo('unknown');
    t.text('health_detail').notNullable().defaultTo('');
    t.timestamp('health_checked_at', { useTz: true });
    t.specificType('granted_permissions', 'text[]').notNullable().defaultTo('{}');
    t.jsonb('settings').notNullable().defaultTo('{}');
    // AES-256-GCM of the JSON object of secret settings (services/plugins/plugin-secrets.ts).
    t.text('secrets_encrypted');
    t.text('plugin_token_hash');
    t.text('host_call_token_encrypted');
    t.text('runtime_address');
    t.integer('restarts').notNullable().defaultTo(0);
    t.text('last_error');
    t.jsonb('log_tail').notNullable().defaultTo('[]');
    t.timestamp('uninstalled_at', { useTz: true });
    t.timestamps(true, true);
    t.integer('row_version').notNullable().defaultTo(1);
  });
  await knex.raw('CREATE UNIQUE INDEX plugin_installations_token ON plugin_installations (plugin_token_hash) WHERE plugin_token_hash IS NOT NULL');

  await knex.schema.createTable('customer_channel_identities', (t) => {
    t.bigIncrements('id');
    t.bigInteger('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('channel').notNullable();
    t.text('address').notNullable();
    t.text('external_id');
    t.text('display_name').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['channel', 'address']);
    t.index(['customer_id']);
  });

  await knex.schema.createTable('plugin_inbound_messages', (t) => {
    t.bigIncrements('id');
    t.text('plugin_id').notNullable();
    t.text('channel').notNullable();
    t.text('external_id').notNullable();
    t.text('thread_external_id').notNullable();
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.bigInteger('entry_id').notNullable().references('conversation_entries.id').onDelete('CASCADE');
    t.bigInteger('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.boolean('created_ticket').notNullable();
    t.jsonb('metadata').notNullable().defaultTo('{}');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // The dedupe key of SubmitInboundMessage: a resubmitted message answers the first result.
    t.unique(['channel', 'external_id']);
    t.index(['entry_id']);
  });

  await knex.schema.createTable('plugin_ticket_threads', (t) => {
    t.bigInteger('ticket_id').primary().references('tickets.id').onDelete('CASCADE');
    t.text('plugin_id').notNullable();
    t.text('channel').notNullable();
    t.text('thread_external_id').notNullable();
    t.bigInteger('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('address').notNullable();
    t.text('display_name').notNullable().defaultTo('');
    t.text('last_inbound_external_id');
    t.timestamp('last_inbound_at', { useTz: true });
    t.index(['channel', 'thread_external_id']);
  });

  await knex.schema.createTable('plugin_deliveries', (t) => {
    t.bigIncrements('id');
    t.text('plugin_id').notNullable();
    t.text('channel').notNullable();
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.bigInteger('entry_id').references('conversation_entries.id').onDelete('CASCADE');
    t.text('idempotency_key').notNullable().unique();
    t.text('state').notNullable().defaultTo('queued').checkIn(['queued', 'sent', 'delivered', 'failed', 'read']);
    t.specificType('external_ids', 'text[]').notNullable().defaultTo('{}');
    t.text('error_code');
    t.text('error_message');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['entry_id']);
    t.index(['ticket_id', 'id']);
  });
  await knex.raw('CREATE INDEX plugin_deliveries_external_ids ON plugin_deliveries USING gin (external_ids)');
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'plugin_deliveries', 'plugin_ticket_threads', 'plugin_inbound_messages', 'customer_channel_identities',
    'plugin_installations', 'plugin_catalog_sources', 'plugin_publisher_keys',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
