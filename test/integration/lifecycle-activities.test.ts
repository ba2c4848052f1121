/**
 * The real lifecycle activities against PostgreSQL: each one, run twice with the same idempotency key (a retry
 * after a crash, a replayed workflow), has exactly one effect; compare-and-set changes leave a ticket alone when
 * it moved on; a deleted ticket is a non-retryable failure. Two run inside Temporal's MockActivityEnvironment, as
 * a Temporal worker would run them. The survey delivered here is answered through its public signed link.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import anyTest, { type TestFn } from 'ava';
import pino from 'pino';
import { createLifecycleActivities } from '../../activities/lifecycle';
import type { OutboundMessage } from '../../activities/lifecycle/channel-delivery';
import { type LifecycleActivities, NonRetryableActivityError } from '../../activities/lifecycle/lifecycle-activities';
import type { EscalationContext } from '../../core/lifecycle/commands';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';
import { count } from '../helpers/db';

type Ctx = {
  app: TestApp; activities: LifecycleActivities; sent: OutboundMessage[];
  admin: TestWorker; agent: TestWorker; lead: TestWorker; member: TestWorker; customer: TestCustomer; team: number; otherTeam: number;
};
const test = anyTest as TestFn<Ctx>;

const escalation: EscalationContext = { slaPolicyId: '3', metric: 'first_response', kind: 'warning', cycle: 1, crossedAt: Date.UTC(2026, 10, 25, 10) };
let keys = 0;
const key = (what: string) => `lifecycle:test:${what}:${++keys}`;

test.before(async (t) => {
  const app = await startTestApp();
  const team = await createTeam(app.db);
  const otherTeam = await createTeam(app.db);
  const lead = await createWorker(app.db, { role: 'agent', teamIds: [team] });
  await app.db('team_members').where({ team_id: team, worker_id: lead.id }).update({ role: 'lead' });
  const sent: OutboundMessage[] = [];
  // A customer channel adapter as a channel plugin would install it: email delivers, everything else waits.
  const channels = { email: { send: async (m: OutboundMessage) => { sent.push(m); } } };
  t.context = {
    app, team, otherTeam, sent, lead,
    activities: createLifecycleActivities({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), channels }),
    admin: await createWorker(app.db, { role: 'admin' }),
    agent: await createWorker(app.db, { role: 'agent', teamIds: [team] }),
    member: await createWorker(app.db, { role: 'agent', teamIds: [team] }),
    customer: await createCustomer(app.db),
  };
});
test.after.always(async (t) => t.context.app?.close());

async function newTicket(t: { context: Ctx }, extra: Record<string, unknown> = {}): Promise<{ id: number; version: number }> {
  const { app, admin, customer, team, agent } = t.context;
  const res = await app.request('POST', '/api/v1/tickets', {
    token: admin.token, body: { subject: 'Lifecycle activity', requesterId: customer.id, teamId: team, assigneeId: agent.id, channel: 'email', message: { bodyText: 'help' }, ...extra },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

const ticketRow = (t: { context: Ctx }, id: number) => t.context.app.db('tickets').where({ id }).first();
const events = (t: { context: Ctx }, id: number, type: string) => count(t.context.app.db('outbox').where({ entity_type: 'ticket', entity_id: String(id), event_type: type }));

test('notify_assignee / notify_team_lead / alert_agent write one notification per recipient, however often they run', async (t) => {
  const { app, activities, agent, lead } = t.context;
  const ticket = await newTicket(t);
  const k1 = key('assignee');
  const input = { ticketId: String(ticket.id), assigneeId: String(agent.id), teamId: null, template: 'sla_warning', escalation };
  const first = await activities.notify_assignee({ ticketId: ticket.id, idempotencyKey: k1, input });
  await activities.notify_assignee({ ticketId: ticket.id, idempotencyKey: k1, input });
  t.deepEqual(first, { notified: [agent.id] });
  const rows = await app.db('notifications').where({ ticket_id: ticket.id, kind: 'sla.warning' });
  t.is(rows.length, 1);
  t.is(rows[0].worker_id, agent.id);
  t.like(rows[0].payload, { template: 'sla_warning', escalation: { metric: 'first_response' }, ticket: { id: ticket.id } });

  const k2 = key('lead');
  for (let i = 0; i < 3; i++) {
    await activities.notify_team_lead({ ticketId: ticket.id, idempotencyKey: k2, input: { ticketId: String(ticket.id), teamId: null, template: null, escalation: { ...escalation, kind: 'breach' } } });
  }
  t.deepEqual(await app.db('notifications').where({ ticket_id: ticket.id, kind: 'sla.breach' }).pluck('worker_id'), [lead.id]);

  const k3 = key('alert');
  const alert = { ticketId: String(ticket.id), assigneeId: String(lead.id), teamId: null, reason: 'assigned' as const, rating: null };
  await Promise.all([1, 2, 3].map(() => activities.alert_agent({ ticketId: ticket.id, idempotencyKey: k3, input: alert })));
  t.deepEqual(await app.db('notifications').where({ ticket_id: ticket.id, kind: 'alert.assigned' }).pluck('worker_id'), [lead.id], 'concurrent duplicates too');
  // Other tests notify the lead too (they run concurrently): look at this ticket's notifications only.
  const forTicket = async (query = '') => ((await app.request('GET', `/api/v1/notifications?limit=200${query}`, { token: lead.token })).body.data as { id: number; kind: string; ticketId: number }[])
    .filter((n) => n.ticketId === ticket.id);
  const mine = await forTicket();
  t.deepEqual(mine.map((n) => n.kind), ['alert.assigned', 'sla.breach'], 'newest first');
  const read = await app.request('POST', `/api/v1/notifications/${mine[0]!.id}/read`, { token: lead.token });
  t.truthy(read.body.readAt);
  t.is((await app.request('POST', `/api/v1/notifications/${mine[0]!.id}/read`, { token: agent.token })).status, 404, 'not someone else\'s');
  t.deepEqual((await forTicket('&unread=true')).map((n) => n.kind), ['sla.breach']);
});

test('notify_channel reaches a team, or publishes one lifecycle.notification event for other destinations; fire_webhook delivers once', async (t) => {
  const { app, activities, team, agent, lead, member, admin } = t.context;
  const ticket = await newTicket(t);
  const k1 = key('channel-team');
  const toTeam = { ticketId: String(ticket.id), destination: `team:${team}`, template: null, escalation };
  await activities.notify_channel({ ticketId: ticket.id, idempotencyKey: k1, input: toTeam });
  await activities.notify_channel({ ticketId: ticket.id, idempotencyKey: k1, input: toTeam });
  t.deepEqual((await app.db('notifications').where({ ticket_id: ticket.id, kind: 'channel' }).orderBy('worker_id').pluck('worker_id')), [lead.id, agent.id, member.id].sort((a, b) => a - b));

  const k2 = key('channel-slack');
  const toSlack = { ticketId: String(ticket.id), destination: 'slack:#support', template: 'breach', escalation };
  await activities.notify_channel({ ticketId: ticket.id, idempotencyKey: k2, input: toSlack });
  await activities.notify_channel({ ticketId: ticket.id, idempotencyKey: k2, input: toSlack });
  t.is(await events(t, ticket.id, 'lifecycle.notification'), 1);

  const hook = await app.request('POST', '/api/v1/webhooks', { token: admin.token, body: { url: 'https://example.com/hook', eventTypes: ['ticket.created'] } });
  const k3 = key('webhook');
  const fire = { ticketId: String(ticket.id), webhookId: String(hook.body.id), escalation };
  const first = await activities.fire_webhook({ ticketId: ticket.id, idempotencyKey: k3, input: fire });
  await activities.fire_webhook({ ticketId: ticket.id, idempotencyKey: k3, input: fire });
  t.is(await count(app.db('webhook_deliveries').where({ webhook_id: hook.body.id, event_type: 'lifecycle.notification' })), 1);
  t.truthy((first as { deliveryId: number }).deliveryId);
  await t.throwsAsync(activities.fire_webhook({ ticketId: ticket.id, idempotencyKey: key('webhook-gone'), input: { ...fire, webhookId: '987654' } }), { instanceOf: NonRetryableActivityError });
});

test('raise_priority, reassign_team, add_tag and set_status change the ticket once, as the system, and only if it is still as expected', async (t) => {
  const { app, activities, otherTeam, team } = t.context;
  const ticket = await newTicket(t);
  const kp = key('priority');
  const raise = { ticketId: String(ticket.id), from: 'normal', to: 'high', escalation };
  t.like(await activities.raise_priority({ ticketId: ticket.id, idempotencyKey: kp, input: raise }), { changed: true });
  await activities.raise_priority({ ticketId: ticket.id, idempotencyKey: kp, input: raise });
  t.is((await ticketRow(t, ticket.id)).priority_rank, 30);
  t.is(await events(t, ticket.id, 'ticket.updated'), 1, 'one change, one event');
  const audit = await app.db('audit_log').where({ entity_type: 'ticket', entity_id: String(ticket.id), action: 'ticket.update' }).first();
  t.is(audit.actor_type, 'system');
  t.like(await activities.raise_priority({ ticketId: ticket.id, idempotencyKey: key('priority-again'), input: { ...raise, to: 'normal' } }), { changed: false }, 'never lowers');

  // add_tag: a retry after an agent removed the tag again must not put it back.
  const kt = key('tag');
  const tag = { ticketId: String(ticket.id), tag: 'sla-breached', escalation };
  await activities.add_tag({ ticketId: ticket.id, idempotencyKey: kt, input: tag });
  const row = await ticketRow(t, ticket.id);
  t.deepEqual(row.tags, ['sla-breached']);
  await app.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: t.context.admin.token, body: { tags: [], version: row.version } });
  await activities.add_tag({ ticketId: ticket.id, idempotencyKey: kt, input: tag });
  t.deepEqual((await ticketRow(t, ticket.id)).tags, []);

  const move = { ticketId: String(ticket.id), from: String(otherTeam), to: String(otherTeam), escalation };
  t.like(await activities.reassign_team({ ticketId: ticket.id, idempotencyKey: key('team-cas'), input: move }), { changed: false }, 'the ticket is not in `from`');
  t.like(await activities.reassign_team({ ticketId: ticket.id, idempotencyKey: key('team'), input: { ...move, from: String(team) } }), { changed: true });
  t.is((await ticketRow(t, ticket.id)).team_id, otherTeam);

  const solve = { ticketId: String(ticket.id), from: 'open' as const, to: 'solved' as const, reason: 'auto_solve' as const };
  t.like(await activities.set_status({ ticketId: ticket.id, idempotencyKey: key('status-cas'), input: solve }), { changed: false }, 'still new, not open');
  const ks = key('status');
  await activities.set_status({ ticketId: ticket.id, idempotencyKey: ks, input: { ...solve, from: 'new' } });
  await activities.set_status({ ticketId: ticket.id, idempotencyKey: ks, input: { ...solve, from: 'new' } });
  t.is((await ticketRow(t, ticket.id)).status_category, 'solved');
  t.is(await count(app.db('ticket_status_history').where({ ticket_id: ticket.id })), 2, 'created + one change');

  await t.throwsAsync(activities.raise_priority({ ticketId: ticket.id, idempotencyKey: key('bad-priority'), input: { ...raise, to: 'critical' } }), { instanceOf: NonRetryableActivityError });
});

test('a deleted ticket is a non-retryable failure, and nothing is recorded as done', async (t) => {
  const { app, activities, admin } = t.context;
  const ticket = await newTicket(t);
  await app.request('DELETE', `/api/v1/tickets/${ticket.id}`, { token: admin.token });
  const k = key('gone');
  const err = await t.throwsAsync(activities.notify_assignee({ ticketId: ticket.id, idempotencyKey: k, input: { ticketId: String(ticket.id), assigneeId: null, teamId: null, template: null, escalation } }), { instanceOf: NonRetryableActivityError });
  t.is(err?.code, 'ticket_not_found');
  t.is(await count(app.db('lifecycle_activity_effects').where({ idempotency_key: k })), 0);
  await t.throwsAsync(activities.add_tag({ ticketId: ticket.id, idempotencyKey: key('gone-tag'), input: { ticketId: String(ticket.id), tag: 'x', escalation } }), { instanceOf: NonRetryableActivityError });
});

test('notify_customer queues one message and hands it to the channel adapter once; without an adapter it waits queued', async (t) => {
  const { app, activities, sent } = t.context;
  const ticket = await newTicket(t);
  const k = key('customer');
  const input = { ticketId: String(ticket.id), channel: 'email', template: 'ticket_solved', reason: 'status' as const, statusCategory: 'solved' as const, reminderNumber: null };
  await activities.notify_customer({ ticketId: ticket.id, idempotencyKey: k, input });
  await activities.notify_customer({ ticketId: ticket.id, idempotencyKey: k, input });
  const rows = await app.db('outbound_messages').where({ ticket_id: ticket.id });
  t.is(rows.length, 1);
  t.like(rows[0], { kind: 'notify', template: 'ticket_solved', status: 'sent', channel: 'email' });
  t.is(sent.filter((m) => m.ticketId === ticket.id).length, 1);
  await activities.notify_customer({ ticketId: ticket.id, idempotencyKey: key('chat'), input: { ...input, channel: 'chat', reason: 'reminder', template: 'pending_reminder', reminderNumber: 1 } });
  t.like(await app.db('outbound_messages').where({ ticket_id: ticket.id, channel: 'chat' }).first(), { status: 'queued', kind: 'reminder' });
});

test('deliver_survey: one survey and one message per resolution; the signed link answers once and records everywhere', async (t) => {
  const { app, activities, agent } = t.context;
  const ticket = await newTicket(t, { channel: 'chat' });
  const k = key('survey');
  const input = { ticketId: String(ticket.id), channel: 'chat', resolution: 1 };
  await activities.deliver_survey({ ticketId: ticket.id, idempotencyKey: k, input });
  await activities.deliver_survey({ ticketId: ticket.id, idempotencyKey: k, input });
  t.like(await activities.deliver_survey({ ticketId: ticket.id, idempotencyKey: key('survey-other-key'), input }), { skipped: 'already_sent' });
  t.is(await count(app.db('surveys').where({ ticket_id: ticket.id })), 1);
  const messages = await app.db('outbound_messages').where({ ticket_id: ticket.id, kind: 'survey' });
  t.is(messages.length, 1);
  const link = messages[0].payload.link as string;
  t.true(link.startsWith(`http://${app.config.http.host}:${app.config.http.port}/api/v1/surveys/`), link);
  const path = new URL(link).pathname;
  const token = decodeURIComponent(path.split('/').at(-1)!);
  t.false(JSON.stringify(await app.db('surveys').where({ ticket_id: ticket.id }).first()).includes(token), 'only a hash of the token is stored with the survey');

  const question = await app.request('GET', path);
  t.is(question.status, 200, JSON.stringify(question.body));
  t.like(question.body, { scale: { min: 1, max: 5 }, ticket: { number: (await ticketRow(t, ticket.id)).number } });
  const [head, nonce, sig] = token.split('.');
  const forged = `${head}.${nonce}.${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'BB' : 'AA'}`;
  t.is((await app.request('GET', `/api/v1/surveys/${forged}`)).status, 404);
  t.is((await app.request('POST', '/api/v1/surveys/not-a-token', { body: { rating: 5 } })).status, 404);
  const bad = await app.request('POST', path, { body: { rating: 6 } });
  t.is(bad.status, 422);
  t.deepEqual(bad.body.errors.map((e: { path: string }) => e.path), ['rating']);

  const answer = await app.request('POST', path, { body: { rating: 4, comment: 'Quick & kind' } });
  t.is(answer.status, 201, JSON.stringify(answer.body));
  t.like(answer.body, { rating: 4, comment: 'Quick & kind' });
  const again = await app.request('POST', path, { body: { rating: 1 } });
  t.is(again.status, 410);
  t.is(again.headers.get('content-type'), 'application/problem+json');
  t.is((await app.request('GET', path)).status, 410);

  t.like(await app.db('surveys').where({ ticket_id: ticket.id }).first(), { rating: 4, comment: 'Quick & kind', worker_id: agent.id });
  const stats = (await app.db('workers').where({ id: agent.id }).first()).stats;
  t.like(stats.csat, { count: 1, sum: 4 });
  t.is(Number(stats.csat.average), 4);
  const entry = await app.db('conversation_entries').where({ ticket_id: ticket.id, kind: 'system_event' }).first();
  t.is(entry.body_text, 'Customer satisfaction: 4/5 — "Quick & kind"');
  t.false(entry.body_html.includes('&k'), 'the comment is escaped in HTML');
  t.is(await events(t, ticket.id, 'survey.answered'), 1);
  t.truthy(await app.db('audit_log').where({ action: 'survey.answer', actor_type: 'customer' }).first());

  // An expired link is refused like a spent one.
  const k2 = key('survey-expired');
  await activities.deliver_survey({ ticketId: ticket.id, idempotencyKey: k2, input: { ...input, resolution: 2 } });
  await app.db('surveys').where({ ticket_id: ticket.id, resolution: 2 }).update({ expires_at: new Date(Date.now() - 1000) });
  const expired = new URL((await app.db('outbound_messages').where({ idempotency_key: k2 }).first()).payload.link).pathname;
  t.is((await app.request('POST', expired, { body: { rating: 5 } })).status, 410);
  t.like((await app.db('workers').where({ id: agent.id }).first()).stats.csat, { count: 1 });
});

test('inside Temporal\'s MockActivityEnvironment the activities behave the same (no engine-specific context needed)', async (t) => {
  const { app, activities, agent } = t.context;
  const ticket = await newTicket(t);
  const env = new MockActivityEnvironment();
  const k = key('mock');
  const input = { ticketId: String(ticket.id), assigneeId: String(agent.id), teamId: null, template: null, escalation };
  t.deepEqual(await env.run(activities.notify_assignee, { ticketId: ticket.id, idempotencyKey: k, input }), { notified: [agent.id] });
  t.like(await env.run(activities.notify_assignee, { ticketId: ticket.id, idempotencyKey: k, input }), { notified: [agent.id], repeated: true });
  t.is(await count(app.db('notifications').where({ ticket_id: ticket.id, kind: 'sla.warning' })), 1);
  const raise = { ticketId: String(ticket.id), from: 'normal', to: 'urgent', escalation: { ...escalation, kind: 'breach' as const } };
  t.like(await env.run(activities.raise_priority, { ticketId: ticket.id, idempotencyKey: key('mock-raise'), input: raise }), { changed: true });
  t.is((await ticketRow(t, ticket.id)).priority_rank, 40);
});
