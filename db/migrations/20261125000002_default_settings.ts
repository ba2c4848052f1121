import type { Knex } from 'knex';

/** Sensible defaults every workspace starts with; admins edit them as ordinary rows. */
const statuses = [
  { name: 'New', category: 'new', position: 10, color: '#3b82f6', is_default: true },
  { name: 'Open', category: 'open', position: 20, color: '#ef4444', is_default: false },
  { name: 'Pending', category: 'pending', position: 30, color: '#f59e0b', is_default: false },
  { name: 'On hold', category: 'on_hold', position: 40, color: '#6b7280', is_default: false },
  { name: 'Solved', category: 'solved', position: 50, color: '#10b981', is_default: false },
  { name: 'Closed', category: 'closed', position: 60, color: '#374151', is_default: false },
];
const priorities = [
  { name: 'Low', rank: 10, color: '#9ca3af', is_default: false },
  { name: 'Normal', rank: 20, color: '#3b82f6', is_default: true },
  { name: 'High', rank: 30, color: '#f59e0b', is_default: false },
  { name: 'Urgent', rank: 40, color: '#ef4444', is_default: false },
];

export async function up(knex: Knex): Promise<void> {
  await knex('statuses').insert(statuses).onConflict('name').ignore();
  await knex('priorities').insert(priorities).onConflict('name').ignore();
}

export async function down(knex: Knex): Promise<void> {
  await knex('statuses').whereIn('name', statuses.map((s) => s.name)).delete();
  await knex('priorities').whereIn('name', priorities.map((p) => p.name)).delete();
}
