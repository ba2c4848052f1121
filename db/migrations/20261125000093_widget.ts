import type { Knex } from 'knex';

/**
 * Embeddable web widget (docs/widget.md): one settings row (appearance, features, allowed origins as JSONB; the
 * identity-verification secret sealed with a key derived from the platform secret) and customers.external_id, the
 * host site's own user id that identity verification (POST /widget/identify) maps to one customer row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('widget_settings', (t) => {
    t.integer('id').primary();
    t.jsonb('settings').notNullable().defaultTo('{}');
    t.text('identity_secret_sealed');
    t.timestamp('identity_secret_rotated_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw('ALTER TABLE widget_settings ADD CONSTRAINT widget_settings_single_row CHECK (id = 1)');
  await knex('widget_settings').insert({ id: 1, settings: {} });
  await knex.schema.alterTable('customers', (t) => {
    t.text('external_id').unique('customers_external_id_unique');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customers', (t) => {
    t.dropUnique(['external_id'], 'customers_external_id_unique');
    t.dropColumn('external_id');
  });
  await knex.schema.dropTable('widget_settings');
}
