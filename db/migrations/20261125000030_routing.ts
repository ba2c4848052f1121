import type { Knex } from 'knex';

/**
 * Skills-based routing: each worker's routing profile (availability, capacity, time zone, languages, weekly shifts)
 * and skills; ordered admin rules; the per-team calendar; the team queue of tickets nobody could take yet; and
 * every routing decision recorded on its ticket.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('worker_routing_profiles', (t) => {
    // The row routing locks (FOR UPDATE) before re-counting a worker's open tickets: one writer per worker.
    t.bigInteger('worker_id').primary().references('workers.id').onDelete('CASCADE');
    t.text('availability').notNullable().defaultTo('offline').checkIn(['online', 'away', 'offline']);
    t.timestamp('availability_changed_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.text('time_zone').notNullable().defaultTo('UTC');
    t.specificType('languages', 'text[]').notNullable().defaultTo('{en}');
    // Weekly hours (lifecycle calendar shape) in time_zone; null: the team calendar, else always on.
    t.jsonb('shifts');
    t.integer('capacity').notNullable().defaultTo(10);
    t.jsonb('channel_capacity').notNullable().defaultTo('{}');
    t.timestamp('last_assigned_at', { useTz: true, precision: 3 });
    t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw('ALTER TABLE worker_routing_profiles ADD CONSTRAINT worker_routing_profiles_capacity CHECK (capacity >= 0)');

  await knex.schema.createTable('worker_skills', (t) => {
    t.bigInteger('worker_id').notNullable().references('workers.id').onDelete('CASCADE');
    t.text('skill').notNullable();
    t.integer('level').notNullable();
    t.primary(['worker_id', 'skill']);
    t.index(['skill', 'level']);
  });
  await knex.raw('ALTER TABLE worker_skills ADD CONSTRAINT worker_skills_level CHECK (level BETWEEN 1 AND 5)');

  await knex.schema.createTable('routing_rules', (t) => {
    t.bigIncrements('id');
    // Evaluation order, dense and 1-based; deferrable so a reorder can swap positions in one transaction.
    t.integer('position').notNullable();
    t.text('name').notNullable();
    t.text('kind').notNullable().checkIn(['route', 'tagging']);
    t.boolean('active').notNullable().defaultTo(true);
    t.text('match').notNullable().checkIn(['all', 'any']);
    t.jsonb('conditions').notNullable().defaultTo('[]');
    t.jsonb('actions').notNullable();
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw('ALTER TABLE routing_rules ADD CONSTRAINT routing_rules_position_unique UNIQUE (position) DEFERRABLE INITIALLY DEFERRED');

  await knex.schema.alterTable('teams', (t) => {
    t.bigInteger('calendar_id').references('calendars.id').onDelete('SET NULL');
  });

  await knex.schema.createTable('routing_queue', (t) => {
    t.bigInteger('ticket_id').primary().references('tickets.id').onDelete('CASCADE');
    t.bigInteger('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.timestamp('enqueued_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.index(['team_id', 'enqueued_at']);
  });

  await knex.schema.createTable('routing_decisions', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.text('trigger').notNullable();
    t.text('outcome').notNullable();
    t.bigInteger('rule_id');
    t.bigInteger('team_id');
    t.bigInteger('chosen_worker_id');
    t.jsonb('decision').notNullable();
    t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.index(['ticket_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('routing_decisions');
  await knex.schema.dropTable('routing_queue');
  await knex.schema.alterTable('teams', (t) => t.dropColumn('calendar_id'));
  await knex.schema.dropTable('routing_rules');
  await knex.schema.dropTable('worker_skills');
  await knex.schema.dropTable('worker_routing_profiles');
}
