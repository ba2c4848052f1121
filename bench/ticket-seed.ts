import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { StatusCategory } from '../core/ticket';
import type { Db } from '../db/knex';
import { createRng, weightedChoice, weightedIndex, zipfWeights, type Rng } from './sampling';

/**
 * A synthetic support workspace at scale, loaded with COPY: teams, workers, customers, custom fields, tags and
 * tickets with skewed, age-dependent distributions (old tickets closed, recent ones open; busy teams, busy
 * customers and popular tags). Deterministic for a given seed.
 */

export type SeedOptions = {
  tickets: number;
  customers: number;
  teams: number;
  agents: number;
  seed: number;
  now: Date;
  log: (msg: string) => void;
};

export type SeededWorkspace = {
  /** Busiest team first. */
  teamIds: number[];
  agents: Array<{ id: number; teamIds: number[] }>;
  supervisorIds: number[];
  busiestCustomerId: number;
  statusIds: Record<StatusCategory, number>;
  priorities: Record<PriorityName, { id: number; rank: number }>;
  /** Most frequent first. */
  tags: readonly string[];
  timings: { customersMs: number; ticketsMs: number; indexesMs: number; vacuumAnalyzeMs: number };
};

type PriorityName = 'low' | 'normal' | 'high' | 'urgent';

export const TAG_VOCABULARY = [
  'billing', 'bug', 'login', 'refund', 'shipping', 'feature-request', 'password-reset', 'invoice', 'mobile', 'api',
  'integration', 'account', 'subscription', 'cancellation', 'performance', 'outage', 'email', 'sso', 'export', 'import',
  'dashboard', 'reporting', 'onboarding', 'training', 'security', 'privacy', 'gdpr', 'upgrade', 'downgrade', 'pricing',
  'discount', 'payment-failed', 'chargeback', 'delivery-delay', 'damaged', 'return', 'warranty', 'setup', 'configuration',
  'webhook', 'notification', 'sms', 'chat', 'voice', 'spam', 'feedback', 'complaint', 'praise', 'vip', 'escalated',
] as const;

const CUSTOM_FIELDS = [
  { key: 'plan', label: 'Plan', type: 'single_select', options: ['free', 'pro', 'enterprise'] },
  { key: 'region', label: 'Region', type: 'single_select', options: ['eu', 'us', 'apac', 'latam'] },
  { key: 'vip', label: 'VIP', type: 'boolean', options: [] },
  { key: 'order_id', label: 'Order id', type: 'number', options: [] },
  { key: 'product', label: 'Product', type: 'multi_select', options: ['web', 'ios', 'android', 'api', 'desktop', 'pos'] },
] as const;

const OBJECTS = [
  'invoice', 'refund', 'password', 'account', 'order', 'subscription', 'shipment', 'payment', 'login page', 'dashboard',
  'export', 'monthly report', 'webhook', 'API key', 'mobile app', 'checkout', 'coupon code', 'delivery', 'Slack integration',
  'SSO', 'two-factor code', 'email notifications', 'billing address', 'credit card', 'data import', 'user invitation',
  'team workspace', 'search', 'calendar sync', 'PDF receipt', 'tracking number', 'warranty claim', 'return label',
  'price plan', 'trial', 'VAT number', 'CSV export', 'audit log', 'chat widget', 'phone support',
];
const ISSUES = [
  'not working', 'missing', 'failed', 'is slow', 'shows an error', 'was charged twice', 'keeps crashing', 'not arriving',
  'stuck in pending', 'looks wrong', 'disappeared', 'times out', 'cannot be updated', 'is duplicated',
];
const VERBS = ['access', 'update', 'cancel', 'download', 'reset', 'find', 'change', 'delete', 'activate', 'connect'];
const WHEN = ['yesterday', 'the last update', 'this morning', 'Monday', 'last week', 'the migration'];
const FIRST = ['Ana', 'Ben', 'Chen', 'Dara', 'Emil', 'Fatima', 'Goran', 'Hana', 'Ivan', 'Jun', 'Kofi', 'Lea', 'Mateo', 'Nora', 'Omar', 'Priya'];
const LAST = ['Silva', 'Meyer', 'Wang', 'Okafor', 'Novak', 'Haddad', 'Kim', 'Rossi', 'Dubois', 'Sato', 'Larsen', 'Garcia'];

const DAY = 86_400_000;
const pickFrom = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function subject(rng: Rng): string {
  const object = pickFrom(rng, OBJECTS);
  const r = rng();
  let s: string;
  if (r < 0.35) s = `${capitalize(object)} ${pickFrom(rng, ISSUES)}`;
  else if (r < 0.55) s = `Cannot ${pickFrom(rng, VERBS)} ${object}`;
  else if (r < 0.7) s = `Question about ${object}`;
  else if (r < 0.85) s = `${capitalize(object)} ${pickFrom(rng, ISSUES)} since ${pickFrom(rng, WHEN)}`;
  else s = `${capitalize(object)} ${pickFrom(rng, ISSUES)} (order #${100_000 + Math.floor(rng() * 900_000)})`;
  return rng() < 0.1 ? `Re: ${s}` : s;
}

/** COPY text format: backslash, tab and newlines must be escaped; \N is NULL. */
const copyText = (s: string) => s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
const copyValue = (v: string | number | null) => (v === null ? '\\N' : copyText(String(v)));
const pgArray = (items: readonly string[]) => `{${items.map((i) => `"${i.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/** Status mix by ticket age: recent tickets are mostly active, old ones solved or closed. */
const STATUS_BY_AGE: Array<{ maxDays: number; pick: (rng: Rng) => StatusCategory }> = [
  { maxDays: 3, pick: weightedChoice({ new: 30, open: 35, pending: 15, on_hold: 5, solved: 12, closed: 3 }) },
  { maxDays: 14, pick: weightedChoice({ new: 5, open: 25, pending: 20, on_hold: 10, solved: 30, closed: 10 }) },
  { maxDays: 60, pick: weightedChoice({ new: 1, open: 5, pending: 5, on_hold: 4, solved: 15, closed: 70 }) },
  { maxDays: Infinity, pick: weightedChoice({ new: 0.2, open: 1, pending: 0.5, on_hold: 0.3, solved: 3, closed: 95 }) },
];
const ASSIGNED_SHARE: Record<StatusCategory, number> = { new: 0.3, open: 0.9, pending: 0.95, on_hold: 0.9, solved: 0.97, closed: 0.97 };
const pickPriority = weightedChoice<PriorityName>({ low: 20, normal: 60, high: 15, urgent: 5 });
const pickChannel = weightedChoice({ email: 45, web: 15, portal: 12, chat: 10, api: 8, phone: 5, widget: 3, sms: 1, social: 1 });
const pickLanguage = weightedChoice({ en: 70, de: 8, fr: 7, es: 7, 'pt-BR': 4, ja: 4 });
const pickPlan = weightedChoice({ free: 50, pro: 35, enterprise: 15 });
const pickRegion = weightedChoice({ eu: 35, us: 40, apac: 15, latam: 10 });
const pickTagCount = weightedIndex([20, 35, 25, 15, 5]);
const pickTag = weightedIndex(zipfWeights(TAG_VOCABULARY.length, 1));

function customFields(rng: Rng): string {
  const cf: Record<string, unknown> = {};
  if (rng() < 0.9) cf.plan = pickPlan(rng);
  if (rng() < 0.8) cf.region = pickRegion(rng);
  cf.vip = rng() < 0.04;
  if (rng() < 0.3) cf.order_id = 100_000 + Math.floor(rng() * 900_000);
  if (rng() < 0.4) {
    const products = CUSTOM_FIELDS[4].options;
    const a = pickFrom(rng, products);
    const b = pickFrom(rng, products);
    cf.product = a === b ? [a] : [a, b];
  }
  return JSON.stringify(cf);
}

function ticketTags(rng: Rng): string[] {
  const n = pickTagCount(rng);
  const tags = new Set<string>();
  for (let tries = 0; tags.size < n && tries < 20; tries++) tags.add(TAG_VOCABULARY[pickTag(rng)]!);
  return [...tags];
}

type TicketContext = {
  opts: SeedOptions;
  statusIds: Record<StatusCategory, number>;
  priorities: Record<PriorityName, { id: number; rank: number }>;
  teamIds: number[];
  pickTeam: (rng: Rng) => number;
  membersByTeam: Map<number, number[]>;
  requesterCounts: Uint32Array;
};

export const TICKET_COPY_COLUMNS = [
  'id', 'number', 'subject', 'requester_id', 'assignee_id', 'team_id', 'status_id', 'status_category', 'priority_id',
  'priority_rank', 'tags', 'custom_fields', 'channel', 'language', 'created_at', 'updated_at', 'status_changed_at', 'version',
] as const;

function* ticketLines(ctx: TicketContext): Generator<string> {
  const { opts } = ctx;
  const rng = createRng(opts.seed);
  const now = opts.now.getTime();
  const spanDays = 730;
  const rows: string[] = [];
  for (let i = 0; i < opts.tickets; i++) {
    // Tickets arrive evenly over two years; id order follows creation time like a real table.
    const ageDays = spanDays * (1 - (i + rng()) / opts.tickets);
    const created = now - ageDays * DAY;
    const category = STATUS_BY_AGE.find((b) => ageDays < b.maxDays)!.pick(rng);
    const routed = rng() >= 0.03;
    const teamId = routed ? ctx.pickTeam(rng) : null;
    const members = teamId === null ? [] : ctx.membersByTeam.get(teamId)!;
    const assigneeId = members.length && rng() < ASSIGNED_SHARE[category] ? pickFrom(rng, members) : null;
    const done = category === 'solved' || category === 'closed';
    const ageMs = now - created;
    // Done tickets stopped changing a few days after creation; active ones were touched recently.
    const updated = done ? created + Math.min(ageMs, -Math.log(1 - rng()) * 4 * DAY) : created + ageMs * (1 - rng() ** 3);
    const statusChanged = category === 'new' ? created : created + (updated - created) * rng();
    // Squared uniform: a few customers open thousands of tickets, most open a handful.
    const requesterId = 1 + Math.floor(opts.customers * rng() ** 2);
    ctx.requesterCounts[requesterId]! += 1;
    const priority = ctx.priorities[pickPriority(rng)];
    const values: Array<string | number | null> = [
      i + 1, 1000 + i, subject(rng), requesterId, assigneeId, teamId, ctx.statusIds[category], category, priority.id,
      priority.rank, pgArray(ticketTags(rng)), customFields(rng), pickChannel(rng), pickLanguage(rng),
      new Date(created).toISOString(), new Date(updated).toISOString(), new Date(statusChanged).toISOString(),
      1 + Math.floor(rng() * 6),
    ];
    rows.push(values.map(copyValue).join('\t'));
    if (rows.length === 2000) {
      yield `${rows.join('\n')}\n`;
      rows.length = 0;
    }
  }
  if (rows.length) yield `${rows.join('\n')}\n`;
}

function* customerLines(opts: SeedOptions): Generator<string> {
  const rng = createRng(opts.seed ^ 0x5eed);
  const rows: string[] = [];
  for (let id = 1; id <= opts.customers; id++) {
    rows.push([id, `${pickFrom(rng, FIRST)} ${pickFrom(rng, LAST)}`, `customer${id}@example.test`, pickLanguage(rng)].map(copyValue).join('\t'));
    if (rows.length === 5000) {
      yield `${rows.join('\n')}\n`;
      rows.length = 0;
    }
  }
  if (rows.length) yield `${rows.join('\n')}\n`;
}

async function copyInto(url: string, sql: string, lines: Iterable<string>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    // Seed rows reference only ids created above, so foreign-key triggers would check nothing useful; skipping
    // them (superuser only) makes the load several times faster. Without the privilege the checks just run.
    await client.query('SET session_replication_role = replica').catch(() => {});
    await pipeline(Readable.from(lines), client.query(copyFrom(sql)));
  } finally {
    await client.end();
  }
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Secondary indexes of a table (not those backing constraints), as definitions that recreate them exactly. */
async function secondaryIndexes(db: Db, table: string): Promise<Array<{ name: string; def: string }>> {
  const { rows } = await db.raw<{ rows: Array<{ name: string; def: string }> }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = ?::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
      ORDER BY i.relname`,
    [table],
  );
  return rows;
}

/** Build indexes two at a time (one per core), slowest (GIN) first. */
async function buildIndexes(db: Db, indexes: Array<{ name: string; def: string }>, log: (msg: string) => void): Promise<void> {
  const queue = [...indexes].sort((a, b) => Number(/USING gin/i.test(b.def)) - Number(/USING gin/i.test(a.def)));
  const lane = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const started = performance.now();
      await db.transaction(async (trx) => {
        await trx.raw("SET LOCAL maintenance_work_mem = '256MB'");
        await trx.raw(next.def);
      });
      log(`  index ${next.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  };
  await Promise.all([lane(), lane()]);
}

async function insertPeople(db: Db, opts: SeedOptions, teamWeights: number[]) {
  const teamIds: number[] = [];
  for (let t = 0; t < opts.teams; t++) {
    const [row] = await db('teams').insert({ name: `Team ${String(t + 1).padStart(2, '0')}`, focus: `queue ${t + 1}` }).returning('id');
    teamIds.push(row.id as number);
  }
  // Agents per team follow ticket volume, with at least three per team.
  const total = teamWeights.reduce((a, b) => a + b, 0);
  const perTeam = teamWeights.map((w) => Math.max(3, Math.round((w / total) * opts.agents)));
  perTeam[0]! += opts.agents - perTeam.reduce((a, b) => a + b, 0);
  const rng = createRng(opts.seed ^ 0xa9e7);
  const agents: SeededWorkspace['agents'] = [];
  const membersByTeam = new Map<number, number[]>(teamIds.map((id) => [id, []]));
  let n = 0;
  for (const [t, count] of perTeam.entries()) {
    for (let k = 0; k < count; k++) {
      n += 1;
      const [w] = await db('workers').insert({ name: `Agent ${n}`, email: `agent${n}@bench.local`, role: 'agent' }).returning('id');
      const teams = [teamIds[t]!];
      // One agent in ten also helps out in another team.
      if (rng() < 0.1) {
        const other = teamIds[Math.floor(rng() * teamIds.length)]!;
        if (other !== teams[0]) teams.push(other);
      }
      for (const teamId of teams) {
        await db('team_members').insert({ team_id: teamId, worker_id: w.id });
        membersByTeam.get(teamId)!.push(w.id as number);
      }
      agents.push({ id: w.id as number, teamIds: teams });
    }
  }
  const supervisorIds: number[] = [];
  for (let s = 1; s <= 8; s++) {
    const [w] = await db('workers').insert({ name: `Supervisor ${s}`, email: `supervisor${s}@bench.local`, role: 'supervisor' }).returning('id');
    supervisorIds.push(w.id as number);
  }
  await db('workers').insert([1, 2].map((a) => ({ name: `Admin ${a}`, email: `admin${a}@bench.local`, role: 'admin' })));
  return { teamIds, agents, supervisorIds, membersByTeam };
}

export async function seedWorkspace(db: Db, url: string, opts: SeedOptions): Promise<SeededWorkspace> {
  const statuses = await db('statuses').where({ active: true }).orderBy('position').select('id', 'category');
  const statusIds = Object.fromEntries(
    (['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const).map((c) => {
      const s = statuses.find((r) => r.category === c);
      if (!s) throw new Error(`no status in category ${c}: the default settings migration should have created one`);
      return [c, s.id as number];
    }),
  ) as Record<StatusCategory, number>;
  const priorityRows = await db('priorities').select('id', 'name', 'rank');
  const priorities = Object.fromEntries(
    (['low', 'normal', 'high', 'urgent'] as const).map((name) => {
      const p = priorityRows.find((r) => String(r.name).toLowerCase() === name);
      if (!p) throw new Error(`no priority named ${name}`);
      return [name, { id: p.id as number, rank: p.rank as number }];
    }),
  ) as Record<PriorityName, { id: number; rank: number }>;

  const teamWeights = zipfWeights(opts.teams, 0.6);
  const people = await insertPeople(db, opts, teamWeights);
  await db('custom_field_definitions').insert(CUSTOM_FIELDS.map((f, i) => ({ ...f, options: [...f.options], position: i })));
  await db('tags').insert(TAG_VOCABULARY.map((name) => ({ name })));

  let started = performance.now();
  await copyInto(url, 'COPY customers (id, name, email, language) FROM STDIN', customerLines(opts));
  await db.raw(`SELECT setval(pg_get_serial_sequence('customers', 'id'), ?)`, [opts.customers]);
  const customersMs = performance.now() - started;
  opts.log(`  ${opts.customers.toLocaleString('en-US')} customers in ${(customersMs / 1000).toFixed(1)} s`);

  // Bulk-load pattern: drop secondary indexes, COPY, rebuild them from their exact definitions.
  const indexes = await secondaryIndexes(db, 'tickets');
  for (const index of indexes) await db.raw(`DROP INDEX ${quoteIdent(index.name)}`);
  const ctx: TicketContext = {
    opts, statusIds, priorities, teamIds: people.teamIds, membersByTeam: people.membersByTeam,
    pickTeam: ((pick) => (rng: Rng) => people.teamIds[pick(rng)]!)(weightedIndex(teamWeights)),
    requesterCounts: new Uint32Array(opts.customers + 1),
  };
  started = performance.now();
  try {
    await copyInto(url, `COPY tickets (${TICKET_COPY_COLUMNS.join(', ')}) FROM STDIN`, ticketLines(ctx));
  } finally {
    opts.log(`  ${opts.tickets.toLocaleString('en-US')} tickets copied in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const ticketsMs = performance.now() - started;
  await db.raw(`SELECT setval(pg_get_serial_sequence('tickets', 'id'), ?)`, [opts.tickets]);
  await db.raw(`SELECT setval('ticket_number_seq', ?)`, [1000 + opts.tickets]);

  started = performance.now();
  await buildIndexes(db, indexes, opts.log);
  const indexesMs = performance.now() - started;

  started = performance.now();
  await db.raw('VACUUM (ANALYZE) customers, workers, teams, team_members, tickets');
  const vacuumAnalyzeMs = performance.now() - started;

  let busiestCustomerId = 1;
  for (let id = 1; id <= opts.customers; id++) if (ctx.requesterCounts[id]! > ctx.requesterCounts[busiestCustomerId]!) busiestCustomerId = id;
  return {
    teamIds: people.teamIds,
    agents: people.agents,
    supervisorIds: people.supervisorIds,
    busiestCustomerId,
    statusIds,
    priorities,
    tags: TAG_VOCABULARY,
    timings: { customersMs, ticketsMs, indexesMs, vacuumAnalyzeMs },
  };
}
