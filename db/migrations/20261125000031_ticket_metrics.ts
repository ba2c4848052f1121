import type { Knex } from 'knex';

/**
 * Per-ticket service metrics (core/metrics/ticket-metrics.ts), recomputed by the `ticket_metrics_recompute` job.
 * One narrow row per ticket: the full computation in `metrics`, plus the report dimensions and figures as
 * columns so a date-range report is one index range scan (docs/metrics.md). A separate table rather than
 * tickets columns: queue queries read `tickets.*` and should not drag a growing jsonb along.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ticket_metrics', (t) => {
    t.bigInteger('ticket_id').primary().references('tickets.id').onDelete('CASCADE');
    // Report dimensions, copied from the ticket at recompute time (ticket.updated triggers a recompute).
    t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
    t.bigInteger('team_id');
    t.text('channel').notNullable();
    t.bigInteger('priority_id').notNullable();
    t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
    t.bigInteger('assignee_id');
    // Figures (ms); null when not applicable yet.
    t.bigInteger('first_response_ms');
    t.bigInteger('first_response_business_ms');
    t.bigInteger('first_responder_id');
    t.bigInteger('reply_avg_ms');
    t.bigInteger('reply_max_ms');
    t.bigInteger('first_resolution_ms');
    t.bigInteger('full_resolution_ms');
    t.bigInteger('first_resolution_business_ms');
    t.bigInteger('full_resolution_business_ms');
    t.timestamp('first_solved_at', { useTz: true, precision: 3 });
    t.timestamp('last_solved_at', { useTz: true, precision: 3 });
    t.bigInteger('solved_by_id');
    t.boolean('solved').notNullable().defaultTo(false);
    t.integer('reopens').notNullable().defaultTo(0);
    t.integer('agent_replies').notNullable().defaultTo(0);
    t.jsonb('metrics').notNullable();
    t.timestamp('computed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // Team/tickets reports: range on created_at, the rest read from the index (index-only scan).
  await knex.raw(`CREATE INDEX ticket_metrics_created ON ticket_metrics (created_at)
    INCLUDE (team_id, channel, priority_id, solved, first_response_ms, full_resolution_ms, reopens)`);
  await knex.raw('CREATE INDEX ticket_metrics_tags ON ticket_metrics USING gin (tags)');
  await knex.raw('CREATE INDEX ticket_metrics_first_responder ON ticket_metrics (first_responder_id) WHERE first_responder_id IS NOT NULL');
  await knex.raw('CREATE INDEX ticket_metrics_solved_by ON ticket_metrics (solved_by_id) WHERE solved_by_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('ticket_metrics');
}
