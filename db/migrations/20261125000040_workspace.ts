import type { Knex } from 'knex';

/** Channels the notification and presence triggers notify on (services/realtime reads the same names). */
const NOTIFICATIONS_CHANNEL = 'lantern_notifications';
const PRESENCE_CHANNEL = 'lantern_presence';

/** Shared views every fresh install starts with; workers add their own. Filters use the GET /tickets vocabulary. */
const UNRESOLVED = ['new', 'open', 'pending', 'on_hold'];
const SEEDED_VIEWS = [
  { name: 'My open tickets', filters: { assignee: 'me', statusCategory: UNRESOLVED }, sort: '-updatedAt', position: 10 },
  { name: 'Unassigned', filters: { assignee: 'none', statusCategory: UNRESOLVED }, sort: 'createdAt', position: 20 },
  { name: 'SLA breached', filters: { sla: 'breached' }, sort: 'slaDue', position: 30 },
  { name: 'All unresolved', filters: { statusCategory: UNRESOLVED }, sort: '-updatedAt', position: 40 },
];

/**
 * Agent workspace: saved views, macros, ticket presence, plus NOTIFY triggers so every gateway process can push
 * new notifications and presence changes to its live streams (docs/workspace-api.md). Mentions live in the
 * entry's metadata and notifications reuse the existing table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('saved_views', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('scope').notNullable().checkIn(['personal', 'shared']);
    // Personal views belong to one worker and go with them; shared views have no owner.
    t.bigInteger('owner_id').references('workers.id').onDelete('CASCADE');
    t.jsonb('filters').notNullable().defaultTo('{}');
    t.text('sort').notNullable().defaultTo('-updatedAt');
    t.integer('position').notNullable().defaultTo(0);
    t.timestamps(true, true);
    t.index(['owner_id', 'position', 'id']);
  });
  await knex.raw(`ALTER TABLE saved_views ADD CONSTRAINT saved_views_owner_scope CHECK ((scope = 'personal') = (owner_id IS NOT NULL))`);

  await knex.schema.createTable('macros', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('scope').notNullable().checkIn(['personal', 'shared']);
    t.bigInteger('owner_id').references('workers.id').onDelete('CASCADE');
    t.boolean('active').notNullable().defaultTo(true);
    t.jsonb('actions').notNullable().defaultTo('{}');
    t.text('reply_html');
    t.text('reply_kind').notNullable().defaultTo('public_reply').checkIn(['public_reply', 'internal_note']);
    t.timestamps(true, true);
    t.index(['owner_id', 'id']);
  });
  await knex.raw(`ALTER TABLE macros ADD CONSTRAINT macros_owner_scope CHECK ((scope = 'personal') = (owner_id IS NOT NULL))`);

  // Who has a ticket open right now; rows past expires_at are ignored by readers and swept by writers.
  await knex.schema.createTable('ticket_presence', (t) => {
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.bigInteger('worker_id').notNullable().references('workers.id').onDelete('CASCADE');
    t.text('state').notNullable().checkIn(['viewing', 'replying']);
    t.timestamp('since', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.primary(['ticket_id', 'worker_id']);
    t.index(['expires_at']);
  });

  // A trigger, not a call in each service: SLA and alert activities insert notifications too, and all of them
  // must reach the worker's live stream. The NOTIFY is sent on commit only.
  await knex.raw(`
    CREATE FUNCTION lantern_notification_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${NOTIFICATIONS_CHANNEL}', json_build_object('id', NEW.id, 'w', NEW.worker_id, 'k', NEW.kind, 't', NEW.ticket_id)::text);
      RETURN NULL;
    END;
    $$`);
  await knex.raw(`CREATE TRIGGER notifications_notify AFTER INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION lantern_notification_notify()`);

  await knex.raw(`
    CREATE FUNCTION lantern_presence_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      ticket bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.ticket_id ELSE NEW.ticket_id END;
    BEGIN
      -- A heartbeat that only moves expires_at changes nothing anyone sees.
      IF TG_OP = 'UPDATE' AND NEW.state = OLD.state AND OLD.expires_at > now() THEN RETURN NULL; END IF;
      PERFORM pg_notify('${PRESENCE_CHANNEL}', json_build_object('t', ticket)::text);
      RETURN NULL;
    END;
    $$`);
  await knex.raw(`CREATE TRIGGER ticket_presence_notify AFTER INSERT OR UPDATE OR DELETE ON ticket_presence FOR EACH ROW EXECUTE FUNCTION lantern_presence_notify()`);

  await knex('saved_views').insert(SEEDED_VIEWS.map((v) => ({ ...v, scope: 'shared', owner_id: null, filters: JSON.stringify(v.filters) })));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS ticket_presence_notify ON ticket_presence');
  await knex.raw('DROP FUNCTION IF EXISTS lantern_presence_notify()');
  await knex.raw('DROP TRIGGER IF EXISTS notifications_notify ON notifications');
  await knex.raw('DROP FUNCTION IF EXISTS lantern_notification_notify()');
  await knex.schema.dropTableIfExists('ticket_presence');
  await knex.schema.dropTableIfExists('macros');
  await knex.schema.dropTableIfExists('saved_views');
}
