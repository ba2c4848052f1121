import { DateTime } from 'luxon';
import type { WeeklyHours } from '../core/lifecycle/calendar.schema';
import { ruleBodySchema, type RuleBody } from '../core/routing/rule.schema';
import type { StatusCategory } from '../core/ticket';
import type { Db } from '../db/knex';
import { createRng, weightedChoice, type Rng } from './sampling';

/**
 * A routing workspace: teams sized for their ticket share, workers with routing profiles (skills, languages,
 * shifts relative to the current time, capacity), a handful of ordered rules, and batches of unassigned tickets
 * waiting in `routing_queue`. Deterministic for a given seed (apart from "now", which places the shifts).
 */

/** Team name → agents in it. 200 in total. */
export const ROUTING_TEAMS = { General: 60, Billing: 30, Tech: 30, Chat: 25, DACH: 20, Escalations: 20, Japan: 15 } as const;
export type TeamName = keyof typeof ROUTING_TEAMS;
export const CAPACITY = { min: 60, max: 80 } as const;

export type RoutingWorkspace = {
  teamIds: Record<TeamName, number>;
  workerIds: number[];
  rules: number;
  profiles: { online: number; away: number; offline: number; ownShiftOnNow: number; ownShiftEndingSoon: number; ownShiftOff: number; alwaysOn: number; totalCapacity: number };
  customers: number;
  statusIds: Record<StatusCategory, number>;
};

const pickFrom = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Europe/Lisbon'] as const;
const hhmm = (minutes: number) => {
  const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** The same daily window on all seven days, `fromMin`..`toMin` minutes around the worker's local time now (may run overnight). */
function windowAroundNow(zone: string, now: Date, fromMin: number, toMin: number): WeeklyHours {
  const local = DateTime.fromJSDate(now).setZone(zone);
  const nowMin = local.hour * 60 + local.minute;
  const win = [{ start: hhmm(nowMin + fromMin), end: hhmm(nowMin + toMin) }];
  return { '1': win, '2': win, '3': win, '4': win, '5': win, '6': win, '7': win };
}

/** Rule bodies without their team; `seedRoutingWorkspace` adds the seeded team id and validates each. */
const RULES: Array<Omit<RuleBody, 'actions'> & { actions: Omit<RuleBody['actions'], 'routeToTeam'> }> = [
  { name: 'Refund wording is billing', kind: 'tagging', active: true, match: 'any', conditions: [{ field: 'text', op: 'contains_any', values: ['refund', 'charged twice', 'invoice'] }], actions: { addTags: ['billing'] } },
  { name: 'Urgent to escalations', kind: 'route', active: true, match: 'all', conditions: [{ field: 'priority', op: 'in', values: ['urgent'] }], actions: { allowOffShift: true } },
  { name: 'Japanese', kind: 'route', active: true, match: 'all', conditions: [{ field: 'language', op: 'in', values: ['ja'] }], actions: { requireLanguage: 'ja' } },
  { name: 'German', kind: 'route', active: true, match: 'all', conditions: [{ field: 'language', op: 'in', values: ['de'] }], actions: { requireLanguage: 'de' } },
  { name: 'Chat', kind: 'route', active: true, match: 'all', conditions: [{ field: 'channel', op: 'in', values: ['chat'] }], actions: { requireSkills: [{ skill: 'chat', minLevel: 1 }] } },
  { name: 'Billing', kind: 'route', active: true, match: 'all', conditions: [{ field: 'tags', op: 'any', values: ['billing', 'refund', 'invoice', 'payment-failed'] }], actions: { requireSkills: [{ skill: 'billing', minLevel: 2 }] } },
  { name: 'Technical', kind: 'route', active: true, match: 'all', conditions: [{ field: 'tags', op: 'any', values: ['api', 'webhook', 'integration', 'sso'] }], actions: { requireSkills: [{ skill: 'api', minLevel: 3 }] } },
  { name: 'Unrouted to general', kind: 'route', active: true, match: 'all', conditions: [{ field: 'team', op: 'none', values: [] }], actions: {} },
];
const RULE_TEAMS: Array<TeamName | null> = [null, 'Escalations', 'Japan', 'DACH', 'Chat', 'Billing', 'Tech', 'General'];

/** Which skills (with a level picker) each team's agents have. */
const TEAM_SKILLS: Record<TeamName, Array<[string, (rng: Rng) => number]>> = {
  General: [['billing', (r) => 1 + Math.floor(r() * 2)], ['api', (r) => 1 + Math.floor(r() * 2)]],
  Billing: [['billing', weightedChoice({ 1: 10, 2: 30, 3: 30, 4: 20, 5: 10 }) as unknown as (r: Rng) => number]],
  Tech: [['api', weightedChoice({ 2: 10, 3: 40, 4: 30, 5: 20 }) as unknown as (r: Rng) => number]],
  Chat: [['chat', (r) => 1 + Math.floor(r() * 5)], ['billing', (r) => 1 + Math.floor(r() * 3)]],
  DACH: [['billing', (r) => 1 + Math.floor(r() * 5)], ['api', (r) => 1 + Math.floor(r() * 5)]],
  Escalations: [['billing', (r) => 3 + Math.floor(r() * 3)], ['api', (r) => 3 + Math.floor(r() * 3)], ['chat', (r) => 2 + Math.floor(r() * 3)]],
  Japan: [['billing', (r) => 1 + Math.floor(r() * 5)], ['api', (r) => 1 + Math.floor(r() * 5)], ['chat', (r) => 1 + Math.floor(r() * 5)]],
};

function languagesFor(team: TeamName, rng: Rng): string[] {
  if (team === 'DACH') return ['de', 'en'];
  if (team === 'Japan') return ['ja', 'en'];
  const langs = ['en'];
  const extra = team === 'Escalations' ? 0.4 : 0.2;
  for (const l of ['fr', 'es', 'de', 'pt-br']) if (rng() < (l === 'de' || l === 'pt-br' ? extra / 2 : extra)) langs.push(l);
  return langs;
}

export async function seedRoutingWorkspace(db: Db, opts: { seed: number; now: Date; customers: number }): Promise<RoutingWorkspace> {
  const rng = createRng(opts.seed);
  const statuses = await db('statuses').where({ active: true }).orderBy('position').select('id', 'category');
  const statusIds = Object.fromEntries((['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const).map((c) => {
    const s = statuses.find((r) => r.category === c);
    if (!s) throw new Error(`no status in category ${c}`);
    return [c, s.id as number];
  })) as Record<StatusCategory, number>;

  const teamRows = (await db('teams').insert(Object.keys(ROUTING_TEAMS).map((name) => ({ name, focus: `routing bench: ${name}` }))).returning(['id', 'name'])) as Array<{ id: number; name: TeamName }>;
  const teamIds = Object.fromEntries(teamRows.map((t) => [t.name, t.id])) as Record<TeamName, number>;

  const plan: Array<{ team: TeamName; n: number }> = [];
  let n = 0;
  for (const [team, count] of Object.entries(ROUTING_TEAMS) as Array<[TeamName, number]>) for (let k = 0; k < count; k++) plan.push({ team, n: ++n });
  const workerRows = (await db('workers').insert(plan.map((p) => ({ name: `Router ${p.n}`, email: `router${p.n}@bench.local`, role: 'agent' }))).returning('id')) as Array<{ id: number }>;
  const workerIds = workerRows.map((w) => w.id);

  const members: Array<{ team_id: number; worker_id: number }> = [];
  const skills: Array<{ worker_id: number; skill: string; level: number }> = [];
  const profiles: Array<Record<string, unknown>> = [];
  const stats = { online: 0, away: 0, offline: 0, ownShiftOnNow: 0, ownShiftEndingSoon: 0, ownShiftOff: 0, alwaysOn: 0, totalCapacity: 0 };
  const pickAvailability = weightedChoice({ online: 92, away: 5, offline: 3 });
  const teamNames = Object.keys(ROUTING_TEAMS) as TeamName[];
  plan.forEach((p, i) => {
    const workerId = workerIds[i]!;
    members.push({ team_id: teamIds[p.team], worker_id: workerId });
    // One agent in ten helps out in a second team (never DACH/Japan: those need the language).
    if (rng() < 0.1) {
      const other = pickFrom(rng, teamNames.filter((t) => t !== p.team && t !== 'DACH' && t !== 'Japan'));
      members.push({ team_id: teamIds[other], worker_id: workerId });
    }
    for (const [skill, level] of TEAM_SKILLS[p.team]) skills.push({ worker_id: workerId, skill, level: level(rng) });
    const availability = pickAvailability(rng);
    stats[availability] += 1;
    const zone = pickFrom(rng, ZONES);
    // Shifts placed around "now": most on (≥ 2 h left), a few ending within 20 min, a few off; a third have no own shifts.
    const s = rng();
    let shifts: WeeklyHours | null = null;
    if (s < 0.35) stats.alwaysOn += 1;
    else if (s < 0.88) { shifts = windowAroundNow(zone, opts.now, -240 - Math.floor(rng() * 120), 120 + Math.floor(rng() * 240)); stats.ownShiftOnNow += 1; }
    else if (s < 0.94) { shifts = windowAroundNow(zone, opts.now, -480, 20); stats.ownShiftEndingSoon += 1; }
    else { shifts = windowAroundNow(zone, opts.now, 120, 600); stats.ownShiftOff += 1; }
    const capacity = CAPACITY.min + Math.floor(rng() * (CAPACITY.max - CAPACITY.min + 1));
    stats.totalCapacity += capacity;
    profiles.push({
      worker_id: workerId, availability, time_zone: zone, languages: languagesFor(p.team, rng),
      shifts: shifts && JSON.stringify(shifts), capacity,
      // Chat is synchronous: outside the Chat team an agent takes only a few chats at once.
      channel_capacity: JSON.stringify(p.team === 'Chat' ? { chat: 50 } : { chat: 4 }),
    });
  });
  await db.batchInsert('team_members', members, 1000);
  await db.batchInsert('worker_skills', skills, 1000);
  await db.batchInsert('worker_routing_profiles', profiles, 1000);

  await db('routing_rules').insert(RULES.map((raw, i) => {
    const team = RULE_TEAMS[i];
    const r = ruleBodySchema.parse({ ...raw, actions: team ? { ...raw.actions, routeToTeam: teamIds[team] } : raw.actions });
    const actions = r.actions;
    return { position: i + 1, name: r.name, kind: r.kind, active: r.active, match: r.match, conditions: JSON.stringify(r.conditions), actions: JSON.stringify(actions) };
  }));

  const pickLanguage = weightedChoice({ en: 74, de: 8, fr: 6, es: 6, ja: 5, 'pt-BR': 1 });
  const customers = Array.from({ length: opts.customers }, (_, i) => ({ name: `Customer ${i + 1}`, email: `rcustomer${i + 1}@example.test`, language: pickLanguage(rng) }));
  await db.batchInsert('customers', customers, 1000);
  await db.raw('ANALYZE teams, workers, team_members, worker_skills, worker_routing_profiles, routing_rules, customers');
  return { teamIds, workerIds, rules: RULES.length, profiles: stats, customers: opts.customers, statusIds };
}

const SUBJECTS = [
  'Cannot log in', 'Refund for order', 'Invoice shows wrong VAT', 'API returns 500', 'Webhook not firing', 'Charged twice',
  'How do I export data', 'SSO setup question', 'Delivery is late', 'Change my plan', 'App keeps crashing', 'Password reset mail missing',
];
const TAGS = ['billing', 'refund', 'invoice', 'payment-failed', 'api', 'webhook', 'integration', 'sso', 'login', 'shipping', 'mobile', 'account', 'export'];

/**
 * `count` new, unassigned tickets (ids after the existing ones), each with a first customer message, all waiting
 * in `routing_queue`. 30% already carry a team (General or Tech); the rest get one from the rules.
 */
export async function seedQueuedTickets(db: Db, w: RoutingWorkspace, opts: { count: number; seed: number }): Promise<{ ids: number[]; ms: number }> {
  const started = performance.now();
  const rng = createRng(opts.seed);
  const priorities = await db('priorities').select('id', 'name', 'rank');
  const priority = (name: string) => {
    const p = priorities.find((r) => String(r.name).toLowerCase() === name);
    if (!p) throw new Error(`no priority named ${name}`);
    return p as { id: number; rank: number };
  };
  const pickPriority = weightedChoice({ low: 20, normal: 62, high: 15, urgent: 3 });
  const pickChannel = weightedChoice({ email: 55, web: 20, chat: 10, portal: 10, phone: 5 });
  const rows = Array.from({ length: opts.count }, () => {
    const p = priority(pickPriority(rng));
    const tags = new Set<string>();
    for (let k = Math.floor(rng() * 3); k > 0; k--) tags.add(pickFrom(rng, TAGS));
    const requester = 1 + Math.floor(rng() * w.customers);
    const team = rng() < 0.3 ? (rng() < 0.7 ? w.teamIds.General : w.teamIds.Tech) : null;
    return {
      subject: pickFrom(rng, SUBJECTS), requester_id: requester, team_id: team, status_id: w.statusIds.new, status_category: 'new',
      priority_id: p.id, priority_rank: p.rank, tags: [...tags], channel: pickChannel(rng),
    };
  });
  // Customers' languages decide the ticket's, as intake does.
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const inserted = (await db.raw(
      `INSERT INTO tickets (subject, requester_id, team_id, status_id, status_category, priority_id, priority_rank, tags, channel, language)
       SELECT r.subject, r.requester_id, r.team_id, r.status_id, r.status_category, r.priority_id, r.priority_rank, r.tags, r.channel, c.language
         FROM jsonb_to_recordset(?::jsonb) AS r(subject text, requester_id bigint, team_id bigint, status_id bigint, status_category text,
              priority_id bigint, priority_rank int, tags text[], channel text)
         JOIN customers c ON c.id = r.requester_id
       RETURNING id`,
      [JSON.stringify(chunk)],
    )).rows as Array<{ id: number }>;
    ids.push(...inserted.map((r) => Number(r.id)));
  }
  await db.raw(
    `INSERT INTO conversation_entries (ticket_id, kind, author_type, author_id, channel, body_html, body_text)
     SELECT t.id, 'customer_message', 'customer', t.requester_id, t.channel, '<p>' || t.subject || '</p>', t.subject || E'\\nPlease help, thanks.'
       FROM tickets t WHERE t.id = ANY(?::bigint[])`,
    [ids],
  );
  // Queued under their team, or General when the rules will give them one.
  await db.raw(
    `INSERT INTO routing_queue (ticket_id, team_id) SELECT t.id, coalesce(t.team_id, ?) FROM tickets t WHERE t.id = ANY(?::bigint[])`,
    [w.teamIds.General, ids],
  );
  await db.raw('VACUUM (ANALYZE) tickets, conversation_entries, routing_queue');
  return { ids, ms: performance.now() - started };
}
