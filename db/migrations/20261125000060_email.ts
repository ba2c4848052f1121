import type { Knex } from 'knex';

/**
 * Email channel (issue 7, docs/email.md): support addresses with their inbound (built-in SMTP, IMAP) and outbound
 * (SMTP) settings, every message in and out with its Message-ID for threading and dedupe, the quarantine of mail we
 * did not turn into tickets, and recipients that bounce. Agent replies join `outbound_messages` as kind `reply`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('email_addresses', (t) => {
    t.bigIncrements('id');
    t.specificType('address', 'citext').notNullable().unique();
    t.text('display_name').notNullable().defaultTo('');
    t.bigInteger('team_id').references('teams.id').onDelete('SET NULL');
    t.boolean('inbound_smtp').notNullable().defaultTo(true);
    // { host, port, secure, user, mailbox }; the password lives encrypted in imap_password_encrypted.
    t.jsonb('imap');
    t.text('imap_password_encrypted');
    // { host, port, secure, user }; null: the global relay (LANTERN_SMTP_RELAY_URL).
    t.jsonb('smtp');
    t.text('smtp_password_encrypted');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
  });

  await knex.schema.createTable('email_messages', (t) => {
    t.bigIncrements('id');
    t.text('direction').notNullable().checkIn(['in', 'out']);
    // Without angle brackets, as compared in threading.
    t.text('message_id').notNullable();
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.bigInteger('entry_id').references('conversation_entries.id').onDelete('CASCADE');
    t.bigInteger('outbound_message_id').references('outbound_messages.id').onDelete('CASCADE');
    t.bigInteger('address_id').references('email_addresses.id').onDelete('SET NULL');
    t.specificType('from_address', 'citext').notNullable();
    t.specificType('to_addresses', 'text[]').notNullable().defaultTo('{}');
    t.text('subject').notNullable().defaultTo('');
    t.text('in_reply_to');
    t.specificType('references', 'text[]').notNullable().defaultTo('{}');
    // How an inbound message found its ticket: message_id | subject | plus_address | new.
    t.text('threaded_by');
    // The whole original: raw RFC 822 source as an attachment, full bodies, and what reply-split cut off.
    t.bigInteger('raw_attachment_id').references('attachments.id').onDelete('SET NULL');
    t.text('full_html');
    t.text('full_text');
    t.text('quoted_text');
    t.text('signature');
    t.text('status').notNullable().defaultTo('received').checkIn(['received', 'queued', 'sent', 'failed']);
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.index(['ticket_id', 'id']);
    t.index(['entry_id']);
    t.index(['from_address', 'created_at']);
  });
  // A redelivered inbound message (IMAP after a crash, SMTP retry) finds its first copy and creates nothing.
  await knex.raw(`CREATE UNIQUE INDEX email_messages_in_once ON email_messages (message_id) WHERE direction = 'in'`);
  await knex.raw(`CREATE UNIQUE INDEX email_messages_out_once ON email_messages (message_id) WHERE direction = 'out'`);
  await knex.raw('CREATE UNIQUE INDEX email_messages_outbound_once ON email_messages (outbound_message_id) WHERE outbound_message_id IS NOT NULL');

  await knex.schema.createTable('email_quarantine', (t) => {
    t.bigIncrements('id');
    t.text('reason').notNullable()
      .checkIn(['auto_reply', 'loop', 'rate_limited', 'spam', 'too_large', 'bounce', 'parse_error', 'processing_error']);
    t.text('detail').notNullable().defaultTo('');
    t.text('source').notNullable().checkIn(['smtp', 'imap']);
    t.bigInteger('address_id').references('email_addresses.id').onDelete('SET NULL');
    t.text('mail_from').notNullable().defaultTo('');
    t.specificType('rcpt_to', 'text[]').notNullable().defaultTo('{}');
    t.text('from_address').notNullable().defaultTo('');
    t.text('subject').notNullable().defaultTo('');
    t.text('message_id');
    t.double('spam_score');
    t.bigInteger('size').notNullable();
    // The raw message in blob storage (services/storage), removed when the entry is deleted.
    t.text('storage_key').notNullable().unique();
    t.text('status').notNullable().defaultTo('held').checkIn(['held', 'released']);
    t.bigInteger('released_ticket_id').references('tickets.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('released_at', { useTz: true });
    t.index(['created_at', 'id']);
    t.index(['from_address', 'created_at']);
  });

  await knex.schema.createTable('email_recipient_status', (t) => {
    t.specificType('address', 'citext').primary();
    t.boolean('bouncing').notNullable().defaultTo(false);
    t.integer('bounce_count').notNullable().defaultTo(0);
    t.text('last_status');
    t.text('last_diagnostic');
    t.timestamp('last_bounced_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await setOutboundKinds(knex, ['notify', 'reminder', 'survey', 'reply']);
}

/** Replace the CHECK on outbound_messages.kind, whatever name knex gave it. */
async function setOutboundKinds(knex: Knex, kinds: string[]): Promise<void> {
  const { rows } = await knex.raw<{ rows: { conname: string }[] }>(
    `SELECT conname FROM pg_constraint WHERE conrelid = 'outbound_messages'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%kind%'`,
  );
  for (const r of rows) await knex.raw('ALTER TABLE outbound_messages DROP CONSTRAINT ??', [r.conname]);
  // DDL takes no bind parameters; the kinds are constants of this file.
  await knex.raw(`ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_kind_check CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex('outbound_messages').where({ kind: 'reply' }).delete();
  await setOutboundKinds(knex, ['notify', 'reminder', 'survey']);
  for (const table of ['email_recipient_status', 'email_quarantine', 'email_messages', 'email_addresses']) {
    await knex.schema.dropTableIfExists(table);
  }
}
