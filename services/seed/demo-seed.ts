import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../../core/principal';
import { effectivePermissions } from '../../core/permissions';
import type { Principal } from '../../core/principal';
import type { Db } from '../../db/knex';
import { hashPassword } from '../auth/passwords';
import { createTicket } from '../tickets/tickets.service';
import { addEntryInTransaction } from '../tickets/entries.service';
import { findTicket } from '../tickets/ticket.repository';
import { seedDemoIntents, seedKnowledgeBase } from './kb-seed';

export type AdminLogin = { email: string; password: string | null; passwordFile: string };

/**
 * The first admin: password from LANTERN_ADMIN_PASSWORD, else generated once and kept in the data
 * directory (mode 600) so every start can print the login.
 */
export async function ensureAdmin(db: Db, opts: { email: string; password: string | undefined; dataDir: string }): Promise<AdminLogin> {
  const passwordFile = join(opts.dataDir, 'admin-password.txt');
  const existing = await db('workers').where({ role: 'admin' }).orderBy('id').first('id', 'email');
  if (existing) {
    const password = opts.password ?? (existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : null);
    return { email: existing.email, password, passwordFile };
  }
  const password = opts.password ?? randomBytes(12).toString('base64url');
  if (!opts.password) {
    mkdirSync(opts.dataDir, { recursive: true });
    writeFileSync(passwordFile, password, { mode: 0o600 });
  }
  await db('workers').insert({ name: 'Admin', email: opts.email, role: 'admin', password_hash: await hashPassword(password), all_tickets: true });
  return { email: opts.email, password, passwordFile };
}

const DEMO_TICKETS = [
  { subject: 'Cannot log in after password reset', tags: ['login', 'account'], priority: 'High', plan: 'pro', body: 'I reset my password this morning and now the login page says my credentials are wrong.' },
  { subject: 'Invoice shows the wrong VAT number', tags: ['billing', 'invoice'], priority: 'Normal', plan: 'enterprise', body: 'Our invoice for October lists an old VAT number. Could you reissue it?' },
  { subject: 'Export to CSV is missing columns', tags: ['export', 'bug'], priority: 'Normal', plan: 'pro', body: 'The CSV export no longer includes the "region" column.' },
  { subject: 'Feature request: dark mode', tags: ['feature-request'], priority: 'Low', plan: 'free', body: 'Would love a dark mode for late shifts!' },
  { subject: 'Site down for our EU users', tags: ['outage'], priority: 'Urgent', plan: 'enterprise', body: 'Since 09:10 CET none of our EU users can load the dashboard.' },
  { subject: 'How do I add a second admin?', tags: ['how-to', 'account'], priority: 'Low', plan: 'free', body: 'I want to give my colleague admin rights. Where is that setting?' },
  { subject: 'Refund for duplicate charge', tags: ['billing', 'refund'], priority: 'High', plan: 'pro', body: 'I was charged twice for the annual plan. Please refund one of the charges.' },
  { subject: 'API returns 429 too often', tags: ['api'], priority: 'Normal', plan: 'enterprise', body: 'Our integration hits rate limits at about 5 requests per second.' },
];

/** A small demo workspace on first start: teams, an agent, customers, a custom field and tickets with history. */
const DEMO_CUSTOMER_PASSWORD = 'lantern-demo-customer';

export async function seedDemoWorkspace(db: Db): Promise<{ seeded: boolean; agentEmail?: string; agentPassword?: string; customerEmail?: string; customerPassword?: string }> {
  if (await db('tickets').first('id')) return { seeded: false };
  const agentPassword = 'lantern-demo-agent';
  const [support] = await db('teams').insert({ name: 'Support', focus: 'General product questions' }).returning('id');
  const [billing] = await db('teams').insert({ name: 'Billing', focus: 'Invoices, refunds and plans' }).returning('id');
  const [agent] = await db('workers').insert({ name: 'Avery Agent', email: 'agent@lantern.local', role: 'agent', password_hash: await hashPassword(agentPassword) }).returning('id');
  await db('team_members').insert([{ team_id: support.id, worker_id: agent.id, role: 'lead' }, { team_id: billing.id, worker_id: agent.id, role: 'member' }]);
  const [acme] = await db('organizations').insert({ name: 'Acme Corp', domains: ['acme.test'] }).returning('id');
  const customers = await db('customers').insert([
    // A verified portal account, so /portal can be tried at once.
    { name: 'Dana Customer', email: 'dana@acme.test', organization_id: acme.id, password_hash: await hashPassword(DEMO_CUSTOMER_PASSWORD), email_verified_at: new Date() },
    { name: 'Lee Buyer', email: 'lee@example.test' },
    { name: 'Sam Rivera', email: 'sam@example.test', language: 'es' },
  ]).returning('id');
  await db('custom_field_definitions').insert({ key: 'plan', label: 'Plan', type: 'single_select', options: ['free', 'pro', 'enterprise'] });

  const admin = await db('workers').where({ role: 'admin' }).orderBy('id').first('id');
  const principal: Principal = { kind: 'worker', id: admin.id, role: 'admin', allTickets: true, teamIds: [], permissions: effectivePermissions('admin', null), via: 'session', viaId: 0 };
  const actor = { ...SYSTEM_ACTOR, type: 'worker' as const, id: admin.id };
  const priorities = new Map((await db('priorities').select('id', 'name')).map((p) => [p.name as string, p.id as number]));
  for (const [i, t] of DEMO_TICKETS.entries()) {
    const row = await createTicket(db, principal, actor, {
      subject: t.subject,
      requesterId: customers[i % customers.length]!.id,
      teamId: t.tags.includes('billing') ? billing.id : support.id,
      assigneeId: i % 3 === 0 ? agent.id : null,
      priorityId: priorities.get(t.priority)!,
      tags: t.tags,
      customFields: { plan: t.plan },
      channel: i % 2 ? 'email' : 'web',
      message: { bodyText: t.body },
    });
    if (i % 2 === 0) {
      const ticket = (await findTicket(db, row.id))!;
      await db.transaction((trx) => addEntryInTransaction(trx, principal, actor, ticket, { kind: 'internal_note', bodyText: 'Checked the logs; looks related to last week\'s deploy.' }));
    }
  }
  // Help center and chatbot (docs/chatbot.md): the demo knowledge base, published, and the demo intents.
  await seedKnowledgeBase(db, { actor });
  await seedDemoIntents(db, { actor });
  return { seeded: true, agentEmail: 'agent@lantern.local', agentPassword, customerEmail: 'dana@acme.test', customerPassword: DEMO_CUSTOMER_PASSWORD };
}
