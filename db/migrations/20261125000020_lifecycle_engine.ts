import type { Knex } from 'knex';

/**
 * Embedded lifecycle engine (docs/adr/0005-embedded-engine.md): one state row per ticket, an append-only
 * event history, the activity runs with their idempotency keys, and the heartbeats that let a restarted
 * process take back the jobs a crashed graphile-worker pool left locked. Timers and activity jobs themselves
 * live in graphile-worker's own tables (installed after the knex migrations, so nothing here refers to them).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('lifecycle_instances', (t) => {
    t.bigInteger('ticket_id').primary().references('tickets.id').onDelete('CASCADE');
    // json, not jsonb: jsonb reorders object keys, and the decider's command order follows the key order of
    // state.timers, so only a byte-exact round trip keeps the engine's commands identical to the pure decider's.
    t.json('state').notNullable();
    // The policy version the state was last decided with (state.policyVersion, kept as a column for admins).
    t.integer('policy_version');
    t.boolean('running').notNullable().defaultTo(true);
    // Summary columns copied from state.summary so `list` filters use indexes, not jsonb.
    t.text('status_category');
    t.text('sla_policy_id');
    t.timestamp('next_deadline_at', { useTz: true, precision: 3 });
    t.timestamp('next_timer_at', { useTz: true, precision: 3 });
    t.boolean('breached').notNullable().defaultTo(false);
    t.integer('breach_count').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    // Number of events applied; equals the history row count of the ticket.
    t.integer('version').notNullable().defaultTo(0);
  });
  await knex.raw('CREATE INDEX lifecycle_instances_status ON lifecycle_instances (status_category, ticket_id)');
  await knex.raw('CREATE INDEX lifecycle_instances_due ON lifecycle_instances (next_deadline_at, ticket_id) WHERE next_deadline_at IS NOT NULL');
  await knex.raw('CREATE INDEX lifecycle_instances_breached ON lifecycle_instances (ticket_id) WHERE breached');

  await knex.schema.createTable('lifecycle_history', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.text('event_id').notNullable();
    t.text('event_type').notNullable();
    // Exact text (json) so a replay feeds the decider the very event it saw.
    t.json('event').notNullable();
    t.json('commands').notNullable();
    // The instance version this event produced, so a timeline can be checked for gaps.
    t.integer('version').notNullable();
    t.timestamp('applied_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.unique(['ticket_id', 'event_id'], { indexName: 'lifecycle_history_event_once' });
  });
  await knex.raw('CREATE INDEX lifecycle_history_timeline ON lifecycle_history (ticket_id, id)');
  // Append-only: rows go away only with their ticket (ON DELETE CASCADE), never by UPDATE.
  await knex.raw(`
    CREATE FUNCTION lifecycle_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'lifecycle_history is append-only';
    END;
    $$`);
  await knex.raw(`CREATE TRIGGER lifecycle_history_no_update BEFORE UPDATE ON lifecycle_history
    FOR EACH ROW EXECUTE FUNCTION lifecycle_history_append_only()`);

  await knex.schema.createTable('lifecycle_activity_runs', (t) => {
    t.text('idempotency_key').primary();
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.jsonb('input').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.jsonb('result');
    t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true, precision: 3 });
    t.timestamp('completed_at', { useTz: true, precision: 3 });
    t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE lifecycle_activity_runs ADD CONSTRAINT lifecycle_activity_runs_status
    CHECK (status IN ('pending', 'running', 'retrying', 'succeeded', 'failed'))`);
  await knex.raw('CREATE INDEX lifecycle_activity_runs_ticket ON lifecycle_activity_runs (ticket_id, created_at)');

  // One row per live graphile-worker pool (its id is what graphile writes to jobs.locked_by).
  await knex.schema.createTable('job_worker_heartbeats', (t) => {
    t.text('worker_id').primary();
    t.text('hostname').notNullable();
    t.integer('pid').notNullable();
    t.timestamp('started_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('heartbeat_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX job_worker_heartbeats_stale ON job_worker_heartbeats (heartbeat_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('job_worker_heartbeats');
  await knex.schema.dropTable('lifecycle_activity_runs');
  await knex.schema.dropTable('lifecycle_history');
  await knex.raw('DROP FUNCTION lifecycle_history_append_only()');
  await knex.schema.dropTable('lifecycle_instances');
}
