import type { Knex } from 'knex';

/**
 * Customer portal accounts (docs/portal.md): verified emails, one-time tokens for verification, password reset
 * and magic links (only their hashes), failed customer logins for the lockout, organization ticket sharing,
 * and account emails (no ticket) through the existing outbound_messages → email_send path.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customers', (t) => {
    t.timestamp('email_verified_at', { useTz: true });
  });
  await knex.schema.alterTable('organizations', (t) => {
    t.boolean('shared_tickets').notNullable().defaultTo(false);
  });

  // Split tokens: `selector` finds the row, the SHA-256 of the verifier is compared in constant time.
  await knex.schema.createTable('customer_account_tokens', (t) => {
    t.bigIncrements('id');
    t.text('selector').notNullable().unique();
    t.text('verifier_hash').notNullable();
    t.text('purpose').notNullable().checkIn(['verify', 'reset', 'magic']);
    t.specificType('email', 'citext').notNullable();
    // Null for a registration whose customer does not exist yet: it is created when the email is verified.
    t.bigInteger('customer_id').references('customers.id').onDelete('CASCADE');
    // A registration's name, language and argon2id password hash, applied on verification.
    t.jsonb('pending').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.index(['email', 'purpose']);
    t.index(['expires_at']);
  });

  // Keyed by the email typed, existing or not, so a lockout does not tell which accounts exist.
  await knex.schema.createTable('customer_login_failures', (t) => {
    t.bigIncrements('id');
    t.specificType('email', 'citext').notNullable();
    t.text('ip');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['email', 'created_at']);
  });

  // Account emails have no ticket: the recipient travels in the payload (`to`).
  await knex.raw('ALTER TABLE outbound_messages ALTER COLUMN ticket_id DROP NOT NULL');
  await knex.raw(`ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_ticket_or_recipient CHECK (ticket_id IS NOT NULL OR (payload ->> 'to') IS NOT NULL)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex('outbound_messages').whereNull('ticket_id').delete();
  await knex.raw('ALTER TABLE outbound_messages DROP CONSTRAINT IF EXISTS outbound_messages_ticket_or_recipient');
  await knex.raw('ALTER TABLE outbound_messages ALTER COLUMN ticket_id SET NOT NULL');
  await knex.schema.dropTableIfExists('customer_login_failures');
  await knex.schema.dropTableIfExists('customer_account_tokens');
  await knex.schema.alterTable('organizations', (t) => {
    t.dropColumn('shared_tickets');
  });
  await knex.schema.alterTable('customers', (t) => {
    t.dropColumn('email_verified_at');
  });
}
