import type { Knex } from 'knex';

/**
 * Response templates (agents' canned replies) and one row per public reply that used one, for template analytics
 * (docs/metrics.md). Uses keep their template: a used template cannot be deleted, only deactivated.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('response_templates', (t) => {
    t.bigIncrements('id');
    t.specificType('name', 'citext').notNullable();
    t.text('body_html').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.bigInteger('created_by').references('workers.id').onDelete('SET NULL');
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
    t.unique(['name'], { indexName: 'response_templates_name_unique' });
  });
  await knex.schema.createTable('template_uses', (t) => {
    t.bigIncrements('id');
    t.bigInteger('template_id').notNullable().references('response_templates.id'); // no cascade: uses are history
    t.bigInteger('entry_id').notNullable().unique().references('conversation_entries.id').onDelete('CASCADE');
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.bigInteger('worker_id').references('workers.id').onDelete('SET NULL');
    t.timestamp('used_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // The report scans uses by time; per-template lookups (delete check) by template.
    t.index(['used_at']);
    t.index(['template_id']);
    t.index(['ticket_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('template_uses');
  await knex.schema.dropTableIfExists('response_templates');
}
