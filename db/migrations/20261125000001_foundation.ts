import type { Knex } from 'knex';

/** Foundation schema: people, settings rows, tickets and their history, auth, audit, outbox, webhooks. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw('CREATE EXTENSION IF NOT EXISTS citext');

  await knex.schema.createTable('organizations', (t) => {
    t.bigIncrements('id');
    t.specificType('name', 'citext').notNullable().unique();
    t.specificType('domains', 'text[]').notNullable().defaultTo('{}');
    t.text('notes').notNullable().defaultTo('');
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
  });

  await knex.schema.createTable('customers', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.specificType('email', 'citext').unique();
    t.text('phone');
    t.text('language').notNullable().defaultTo('en');
    t.bigInteger('organization_id').references('organizations.id').onDelete('SET NULL');
    t.text('password_hash');
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
    t.index(['organization_id']);
  });

  await knex.schema.createTable('workers', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.specificType('email', 'citext').notNullable().unique();
    t.text('role').notNullable().checkIn(['admin', 'supervisor', 'agent']);
    t.text('password_hash');
    t.boolean('all_tickets').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.jsonb('stats').notNullable().defaultTo('{}');
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
  });

  await knex.schema.createTable('teams', (t) => {
    t.bigIncrements('id');
    t.specificType('name', 'citext').notNullable().unique();
    t.text('focus').notNullable().defaultTo('');
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
  });

  await knex.schema.createTable('team_members', (t) => {
    t.bigInteger('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.bigInteger('worker_id').notNullable().references('workers.id').onDelete('CASCADE');
    t.text('role').notNullable().defaultTo('member').checkIn(['lead', 'member']);
    t.primary(['team_id', 'worker_id']);
    t.index(['worker_id']);
  });

  await knex.schema.createTable('statuses', (t) => {
    t.bigIncrements('id');
    t.specificType('name', 'citext').notNullable().unique();
    t.text('category').notNullable().checkIn(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']);
    t.integer('position').notNullable().defaultTo(0);
    t.text('color').notNullable().defaultTo('#888888');
    t.boolean('is_default').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw('CREATE UNIQUE INDEX statuses_one_default ON statuses (is_default) WHERE is_default');

  await knex.schema.createTable('priorities', (t) => {
    t.bigIncrements('id');
    t.specificType('name', 'citext').notNullable().unique();
    t.integer('rank').notNullable().unique();
    t.text('color').notNullable().defaultTo('#888888');
    t.boolean('is_default').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw('CREATE UNIQUE INDEX priorities_one_default ON priorities (is_default) WHERE is_default');

  await knex.schema.createTable('tags', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable().unique();
    t.text('color').notNullable().defaultTo('#888888');
    t.timestamps(true, true);
  });

  await knex.schema.createTable('custom_field_definitions', (t) => {
    t.bigIncrements('id');
    t.text('key').notNullable().unique();
    t.text('label').notNullable();
    t.text('type').notNullable()
      .checkIn(['text', 'number', 'date', 'boolean', 'single_select', 'multi_select', 'user_ref', 'ticket_ref']);
    t.specificType('options', 'text[]').notNullable().defaultTo('{}');
    t.boolean('required').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('position').notNullable().defaultTo(0);
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
  });

  await knex.raw('CREATE SEQUENCE ticket_number_seq START 1000');
  await knex.schema.createTable('tickets', (t) => {
    t.bigIncrements('id');
    t.bigInteger('number').notNullable().unique().defaultTo(knex.raw("nextval('ticket_number_seq')"));
    t.text('subject').notNullable();
    t.bigInteger('requester_id').notNullable().references('customers.id').onDelete('RESTRICT');
    t.bigInteger('assignee_id').references('workers.id').onDelete('SET NULL');
    t.bigInteger('team_id').references('teams.id').onDelete('SET NULL');
    t.bigInteger('status_id').notNullable().references('statuses.id').onDelete('RESTRICT');
    // Denormalized from statuses/priorities so queue queries are served by one index.
    t.text('status_category').notNullable();
    t.bigInteger('priority_id').notNullable().references('priorities.id').onDelete('RESTRICT');
    t.integer('priority_rank').notNullable();
    t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
    t.jsonb('custom_fields').notNullable().defaultTo('{}');
    t.text('channel').notNullable().defaultTo('web');
    t.text('language').notNullable().defaultTo('en');
    // Millisecond precision: keyset cursors carry these values through JSON without losing order.
    t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('status_changed_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.integer('version').notNullable().defaultTo(1);
  });
  // Queue indexes: each common agent query is answered by one index scan in sort order.
  await knex.raw('CREATE INDEX tickets_assignee_queue ON tickets (assignee_id, status_category, priority_rank DESC, id DESC)');
  await knex.raw('CREATE INDEX tickets_team_unassigned ON tickets (team_id, status_category, created_at, id) WHERE assignee_id IS NULL');
  await knex.raw('CREATE INDEX tickets_team_updated ON tickets (team_id, updated_at DESC, id DESC)');
  await knex.raw('CREATE INDEX tickets_updated ON tickets (updated_at DESC, id DESC)');
  await knex.raw('CREATE INDEX tickets_created ON tickets (created_at DESC, id DESC)');
  await knex.raw('CREATE INDEX tickets_status_updated ON tickets (status_id, updated_at DESC, id DESC)');
  await knex.raw('CREATE INDEX tickets_priority ON tickets (priority_rank DESC, id DESC)');
  await knex.raw('CREATE INDEX tickets_requester ON tickets (requester_id, created_at DESC, id DESC)');
  await knex.raw('CREATE INDEX tickets_tags ON tickets USING gin (tags)');
  await knex.raw('CREATE INDEX tickets_custom_fields ON tickets USING gin (custom_fields jsonb_path_ops)');
  await knex.raw('CREATE INDEX tickets_subject_trgm ON tickets USING gin (subject gin_trgm_ops)');

  await knex.schema.createTable('ticket_status_history', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.bigInteger('status_id').notNullable().references('statuses.id');
    t.text('category').notNullable();
    t.bigInteger('previous_status_id').references('statuses.id');
    t.text('changed_by_type').notNullable();
    t.bigInteger('changed_by_id');
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['ticket_id', 'changed_at']);
  });

  await knex.schema.createTable('conversation_entries', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.text('kind').notNullable().checkIn(['customer_message', 'public_reply', 'internal_note', 'system_event']);
    t.text('author_type').notNullable().checkIn(['customer', 'worker', 'system', 'plugin']);
    t.bigInteger('author_id');
    t.text('channel').notNullable();
    t.text('body_html').notNullable();
    t.text('body_text').notNullable();
    t.jsonb('metadata').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['ticket_id', 'id']);
  });
  // Conversation history is append-only: metrics are computed from it and must stay exact.
  await knex.raw(`
    CREATE FUNCTION forbid_entry_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'conversation entries are append-only'; END $$;
    CREATE TRIGGER conversation_entries_append_only BEFORE UPDATE ON conversation_entries
      FOR EACH ROW EXECUTE FUNCTION forbid_entry_update();
  `);

  await knex.schema.createTable('attachments', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').references('tickets.id').onDelete('CASCADE');
    t.bigInteger('entry_id').references('conversation_entries.id').onDelete('CASCADE');
    t.text('filename').notNullable();
    t.text('content_type').notNullable();
    t.bigInteger('size').notNullable();
    t.text('sha256').notNullable();
    t.text('storage_key').notNullable().unique();
    t.text('uploaded_by_type').notNullable();
    t.bigInteger('uploaded_by_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['ticket_id']);
    t.index(['entry_id']);
  });

  await knex.schema.createTable('ticket_participants', (t) => {
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.bigInteger('worker_id').notNullable().references('workers.id').onDelete('CASCADE');
    t.specificType('involvement', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('first_involved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_involved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['ticket_id', 'worker_id']);
    t.index(['worker_id', 'last_involved_at']);
  });

  await knex.schema.createTable('api_keys', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('prefix').notNullable().unique();
    t.text('secret_hash').notNullable();
    t.text('role').notNullable().checkIn(['admin', 'supervisor', 'agent', 'plugin']);
    t.bigInteger('worker_id').references('workers.id').onDelete('CASCADE');
    t.specificType('scopes', 'text[]').notNullable().defaultTo('{}');
    t.bigInteger('created_by').references('workers.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
  });

  await knex.schema.createTable('sessions', (t) => {
    t.bigIncrements('id');
    t.text('token_hash').notNullable().unique();
    t.text('principal_type').notNullable().checkIn(['worker', 'customer']);
    t.bigInteger('principal_id').notNullable();
    t.text('ip');
    t.text('user_agent');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.index(['principal_type', 'principal_id']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('actor_type').notNullable();
    t.bigInteger('actor_id');
    t.text('via').notNullable();
    t.bigInteger('via_id');
    t.text('action').notNullable();
    t.text('entity_type').notNullable();
    t.text('entity_id').notNullable();
    t.jsonb('before');
    t.jsonb('after');
    t.jsonb('diff').notNullable().defaultTo('{}');
    t.text('request_id');
    t.text('ip');
    t.index(['entity_type', 'entity_id', 'id']);
    t.index(['occurred_at', 'id']);
    t.index(['actor_type', 'actor_id', 'id']);
  });

  await knex.schema.createTable('idempotency_keys', (t) => {
    t.text('principal').notNullable();
    t.text('key').notNullable();
    t.text('method').notNullable();
    t.text('path').notNullable();
    t.text('request_hash').notNullable();
    t.integer('status_code');
    t.jsonb('response_body');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['principal', 'key']);
    t.index(['created_at']);
  });

  await knex.schema.createTable('outbox', (t) => {
    t.bigIncrements('id');
    t.text('event_type').notNullable();
    t.text('entity_type').notNullable();
    t.text('entity_id').notNullable();
    t.jsonb('payload').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('dispatched_at', { useTz: true });
    t.index(['occurred_at']);
  });

  await knex.schema.createTable('webhooks', (t) => {
    t.bigIncrements('id');
    t.text('url').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.specificType('event_types', 'text[]').notNullable();
    t.text('secret').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
  });

  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.bigIncrements('id');
    t.bigInteger('webhook_id').notNullable().references('webhooks.id').onDelete('CASCADE');
    t.bigInteger('outbox_id').notNullable().references('outbox.id').onDelete('CASCADE');
    t.text('event_type').notNullable();
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'succeeded', 'failed']);
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true });
    t.bigInteger('replay_of').references('webhook_deliveries.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true });
    t.index(['webhook_id', 'id']);
  });
  // One original delivery per (webhook, event); replays are extra rows pointing at the original.
  await knex.raw('CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (webhook_id, outbox_id) WHERE replay_of IS NULL');

  await knex.schema.createTable('webhook_delivery_attempts', (t) => {
    t.bigIncrements('id');
    t.bigInteger('delivery_id').notNullable().references('webhook_deliveries.id').onDelete('CASCADE');
    t.integer('attempt').notNullable();
    t.timestamp('attempted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('status_code');
    t.text('error');
    t.integer('duration_ms').notNullable();
    t.text('response_excerpt');
    t.index(['delivery_id', 'attempt']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'webhook_delivery_attempts', 'webhook_deliveries', 'webhooks', 'outbox', 'idempotency_keys', 'audit_log', 'sessions',
    'api_keys', 'ticket_participants', 'attachments', 'conversation_entries', 'ticket_status_history', 'tickets',
    'custom_field_definitions', 'tags', 'priorities', 'statuses', 'team_members', 'teams', 'workers', 'customers',
    'organizations',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP FUNCTION IF EXISTS forbid_entry_update()');
  await knex.raw('DROP SEQUENCE IF EXISTS ticket_number_seq');
}
