import type { Knex } from 'knex';
import { DEFAULT_POLICY } from '../../core/lifecycle/default-policy';
import { compilePolicy, priorityKey } from '../../core/lifecycle/policy-compile';

/**
 * Admin-designed lifecycles (calendars, ordered SLA policies, one settings row) and the compiled, versioned
 * documents the engines read; plus what the lifecycle activities write: in-app notifications for workers,
 * outbound messages to customers, CSAT surveys, and the processed-keys table that makes activities idempotent.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendars', (t) => {
    t.bigIncrements('id');
    t.specificType('name', 'citext').notNullable().unique();
    t.text('time_zone').notNullable();
    t.jsonb('weekly_hours').notNullable();
    t.specificType('holidays', 'text[]').notNullable().defaultTo('{}');
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
  });

  await knex.schema.createTable('sla_policies', (t) => {
    t.bigIncrements('id');
    // Evaluation order: the first policy whose conditions match a ticket applies. Dense, 1-based.
    t.integer('position').notNullable();
    t.text('name').notNullable();
    t.jsonb('conditions').notNullable().defaultTo('{}');
    t.text('hours').notNullable().defaultTo('business').checkIn(['business', 'calendar']);
    t.jsonb('targets').notNullable();
    t.jsonb('escalations').notNullable().defaultTo('[]');
    t.timestamps(true, true);
    t.integer('version').notNullable().defaultTo(1);
    t.index(['position', 'id']);
  });

  await knex.schema.createTable('lifecycle_settings', (t) => {
    t.integer('id').primary();
    t.bigInteger('calendar_id').notNullable().references('calendars.id').onDelete('RESTRICT');
    t.integer('warning_percent').notNullable();
    t.jsonb('pending').notNullable();
    t.jsonb('solved').notNullable();
    t.jsonb('survey').notNullable();
    t.jsonb('customer_notifications').notNullable();
    t.jsonb('agent_alerts').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw('ALTER TABLE lifecycle_settings ADD CONSTRAINT lifecycle_settings_singleton CHECK (id = 1)');

  await knex.schema.createTable('lifecycle_policy_versions', (t) => {
    t.integer('version').primary();
    t.jsonb('document').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.bigInteger('created_by').references('workers.id').onDelete('SET NULL');
  });

  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    t.bigInteger('worker_id').notNullable().references('workers.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.bigInteger('ticket_id').references('tickets.id').onDelete('CASCADE');
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.text('idempotency_key').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('read_at', { useTz: true });
    t.index(['worker_id', 'id']);
    t.index(['ticket_id']);
  });

  await knex.schema.createTable('outbound_messages', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.text('channel').notNullable();
    t.text('kind').notNullable().checkIn(['notify', 'reminder', 'survey']);
    t.text('template').notNullable();
    t.text('status').notNullable().defaultTo('queued').checkIn(['queued', 'sent', 'failed']);
    t.text('idempotency_key').notNullable().unique();
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.index(['ticket_id', 'id']);
    t.index(['status', 'channel', 'id']);
  });

  await knex.schema.createTable('surveys', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.integer('resolution').notNullable();
    // Who resolved the ticket when the survey went out: their stats get the rating.
    t.bigInteger('worker_id').references('workers.id').onDelete('SET NULL');
    t.text('token_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.smallint('rating');
    t.text('comment');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('answered_at', { useTz: true });
    t.unique(['ticket_id', 'resolution']);
  });
  await knex.raw('ALTER TABLE surveys ADD CONSTRAINT surveys_rating_range CHECK (rating IS NULL OR rating BETWEEN 1 AND 5)');

  // Processed idempotency keys: an activity's effect and its key commit together, so a retry is a no-op whatever
  // engine runs it (the embedded engine's lifecycle_activity_runs log is written outside the effect's transaction).
  await knex.schema.createTable('lifecycle_activity_effects', (t) => {
    t.text('idempotency_key').primary();
    t.text('activity').notNullable();
    t.bigInteger('ticket_id').notNullable();
    t.jsonb('result');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['ticket_id']);
  });

  // How far each ticket's outbox events have been fed to its lifecycle (in outbox id order).
  await knex.schema.createTable('lifecycle_feed_progress', (t) => {
    t.bigInteger('ticket_id').primary();
    t.bigInteger('last_outbox_id').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX IF NOT EXISTS outbox_entity ON outbox (entity_type, entity_id, id)');

  await seedDefaults(knex);
}

/** The default calendar, settings and SLA policies from DEFAULT_POLICY, compiled as version 1. */
async function seedDefaults(knex: Knex): Promise<void> {
  const p = DEFAULT_POLICY;
  const [calendar] = await knex('calendars')
    .insert({ name: 'Office hours', time_zone: p.calendar.timeZone, weekly_hours: JSON.stringify(p.calendar.weeklyHours), holidays: p.calendar.holidays })
    .returning<{ id: number }[]>('id');
  const settings = {
    warningPercent: p.sla.warningPercent,
    pending: p.pending,
    solved: p.solved,
    survey: p.survey,
    customerNotifications: p.customerNotifications,
    agentAlerts: p.agentAlerts,
  };
  await knex('lifecycle_settings').insert({
    id: 1,
    calendar_id: calendar!.id,
    warning_percent: settings.warningPercent,
    pending: JSON.stringify(settings.pending),
    solved: JSON.stringify(settings.solved),
    survey: JSON.stringify(settings.survey),
    customer_notifications: JSON.stringify(settings.customerNotifications),
    agent_alerts: JSON.stringify(settings.agentAlerts),
  });
  const slaPolicies = [];
  for (const [i, sla] of p.sla.policies.entries()) {
    const [row] = await knex('sla_policies')
      .insert({
        position: i + 1,
        name: sla.name ?? sla.id,
        conditions: JSON.stringify(sla.when),
        hours: sla.hours,
        targets: JSON.stringify(sla.targets),
        escalations: JSON.stringify(sla.escalations),
      })
      .returning<{ id: number }[]>('id');
    slaPolicies.push({ id: row!.id, name: sla.name ?? sla.id, conditions: sla.when, hours: sla.hours, targets: sla.targets, escalations: sla.escalations });
  }
  const priorities = (await knex('priorities').orderBy('rank').pluck('name')) as string[];
  const document = compilePolicy({
    version: 1,
    calendar: p.calendar,
    priorities: priorities.length ? priorities.map(priorityKey) : p.priorities,
    settings,
    slaPolicies,
  });
  await knex('lifecycle_policy_versions').insert({ version: 1, document: JSON.stringify(document) });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS outbox_entity');
  for (const table of [
    'lifecycle_feed_progress', 'lifecycle_activity_effects', 'surveys', 'outbound_messages', 'notifications',
    'lifecycle_policy_versions', 'lifecycle_settings', 'sla_policies', 'calendars',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
