import type { Knex } from 'knex';

/**
 * Live chat (docs/chat.md): one row per chat ticket with its state and both sides' read receipts. The messages
 * themselves are the ticket's conversation entries; this table only holds what entries cannot.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('chat_sessions', (t) => {
    t.bigInteger('ticket_id').primary().references('tickets.id').onDelete('CASCADE');
    t.text('state').notNullable().checkIn(['waiting', 'active', 'offline', 'closed']);
    t.text('offline_reason').checkIn(['no_agent', 'outside_hours']);
    t.bigInteger('customer_read_entry_id');
    t.bigInteger('agent_read_entry_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
    t.index(['state']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('chat_sessions');
}
