import type { Knex } from 'knex';

/**
 * Chatbot (docs/chatbot.md): admin-defined intents with their example phrases' embeddings (computed at save time,
 * so classifying a message is a few dot products), and every bot conversation with its messages and outcome.
 * "Abandoned" is not stored: a conversation without outcome whose last activity is older than 30 minutes is
 * abandoned, decided when the report runs.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bot_intents', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('language').notNullable();
    t.jsonb('examples').notNullable();
    /** One vector per example, same order; `embedder_id` names the model, so a model change can re-embed. */
    t.jsonb('example_vectors').notNullable();
    t.text('embedder_id').notNullable();
    t.text('answer').notNullable();
    t.text('action').checkIn(['ticket_status', 'handover']);
    t.boolean('enabled').notNullable().defaultTo(true);
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['language', 'enabled']);
  });
  await knex.schema.createTable('bot_conversations', (t) => {
    t.bigIncrements('id');
    t.bigInteger('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('language').notNullable();
    t.text('channel').notNullable().checkIn(['portal', 'widget', 'api']);
    t.text('outcome').checkIn(['resolved', 'handed_over']);
    t.timestamp('outcome_at', { useTz: true });
    t.bigInteger('handover_ticket_id').references('tickets.id').onDelete('SET NULL');
    t.timestamp('last_activity_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['customer_id', 'id']);
    t.index(['created_at']);
  });
  await knex.schema.createTable('bot_messages', (t) => {
    t.bigIncrements('id');
    t.bigInteger('conversation_id').notNullable().references('bot_conversations.id').onDelete('CASCADE');
    t.text('sender').notNullable().checkIn(['customer', 'bot']);
    t.text('text').notNullable();
    /** The bot's BotReply as sent; null on customer messages. */
    t.jsonb('reply');
    /** Reply kind and matched intent, as columns so the report groups without reading JSON. */
    t.text('reply_kind').checkIn(['answer', 'clarify', 'intent', 'no_answer', 'greeting']);
    t.bigInteger('intent_id').references('bot_intents.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['conversation_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('bot_messages');
  await knex.schema.dropTable('bot_conversations');
  await knex.schema.dropTable('bot_intents');
}
