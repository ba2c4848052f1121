import type { Knex } from 'knex';

/**
 * Ticket relations (links, merge, split) and workers' two-factor authentication (docs/security.md,
 * docs/workspace-api.md).
 */
export async function up(knex: Knex): Promise<void> {
  // One row per direction, so "links of ticket X" is one index scan; the pair is written and deleted together.
  await knex.schema.createTable('ticket_links', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.bigInteger('linked_ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.text('kind').notNullable().checkIn(['related', 'duplicate', 'parent', 'child', 'merged_into', 'merged_from']);
    t.text('created_by_type').notNullable();
    t.bigInteger('created_by_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // At most one relation between two tickets: a second one is a conflict, a merge replaces it.
    t.unique(['ticket_id', 'linked_ticket_id']);
    t.index(['linked_ticket_id']);
  });
  await knex.raw('ALTER TABLE ticket_links ADD CONSTRAINT ticket_links_not_self CHECK (ticket_id <> linked_ticket_id)');
  // A ticket is merged into at most one other.
  await knex.raw(`CREATE UNIQUE INDEX ticket_links_merged_once ON ticket_links (ticket_id) WHERE kind = 'merged_into'`);

  // Customers taking part in a ticket besides its requester (the requester of a ticket merged into it).
  await knex.schema.createTable('ticket_customer_participants', (t) => {
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.bigInteger('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('reason').notNullable();
    t.timestamp('added_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['ticket_id', 'customer_id']);
    t.index(['customer_id']);
  });

  // Copied entries (merge, split) get their own attachment rows pointing at the same blob, so every existing
  // read path (entry listing, download permission by ticket) works unchanged. Blobs are therefore shared.
  // No foreign key on purpose: a copy keeps its provenance (and stays out of the originals' unique index) even
  // after the original's ticket is deleted.
  await knex.schema.alterTable('attachments', (t) => {
    t.bigInteger('copy_of');
  });
  await knex.raw('ALTER TABLE attachments DROP CONSTRAINT attachments_storage_key_unique');
  await knex.raw('CREATE UNIQUE INDEX attachments_storage_key_original ON attachments (storage_key) WHERE copy_of IS NULL');
  await knex.raw('CREATE INDEX attachments_storage_key ON attachments (storage_key)');

  await knex.schema.createTable('security_settings', (t) => {
    t.integer('id').primary();
    t.boolean('require_two_factor').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw('ALTER TABLE security_settings ADD CONSTRAINT security_settings_singleton CHECK (id = 1)');
  await knex('security_settings').insert({ id: 1, require_two_factor: false });

  await knex.schema.createTable('worker_two_factor', (t) => {
    t.bigInteger('worker_id').primary().references('workers.id').onDelete('CASCADE');
    // AES-256-GCM under a key derived from the secret key (services/auth/two-factor-secret.ts).
    t.text('secret_encrypted').notNullable();
    // Null while set up but not confirmed with a first code.
    t.timestamp('enabled_at', { useTz: true });
    // Highest TOTP time step accepted: a code is never accepted twice.
    t.bigInteger('last_used_step');
    t.timestamps(true, true);
  });

  await knex.schema.createTable('worker_recovery_codes', (t) => {
    t.bigIncrements('id');
    t.bigInteger('worker_id').notNullable().references('workers.id').onDelete('CASCADE');
    t.text('code_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('used_at', { useTz: true });
    t.unique(['worker_id', 'code_hash']);
  });

  // Password checked, second factor pending: no session exists until a code is accepted.
  await knex.schema.createTable('login_challenges', (t) => {
    t.bigIncrements('id');
    t.text('token_hash').notNullable().unique();
    t.bigInteger('worker_id').notNullable().references('workers.id').onDelete('CASCADE');
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.text('ip');
    t.text('user_agent');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('consumed_at', { useTz: true });
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('login_challenges');
  await knex.schema.dropTableIfExists('worker_recovery_codes');
  await knex.schema.dropTableIfExists('worker_two_factor');
  await knex.schema.dropTableIfExists('security_settings');
  // Copies share their original's blob; dropping them restores one row per storage key.
  await knex('attachments').whereNotNull('copy_of').delete();
  await knex.raw('DROP INDEX IF EXISTS attachments_storage_key');
  await knex.raw('DROP INDEX IF EXISTS attachments_storage_key_original');
  await knex.schema.alterTable('attachments', (t) => {
    t.dropColumn('copy_of');
    t.unique(['storage_key']);
  });
  await knex.schema.dropTableIfExists('ticket_customer_participants');
  await knex.schema.dropTableIfExists('ticket_links');
}
