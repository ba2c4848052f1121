import anyTest, { type TestFn } from 'ava';
import { count } from '../helpers/db';
import { createCustomer, createPluginKey, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';

type Ctx = { app: TestApp; admin: TestWorker; agent: TestWorker; customer: TestCustomer; normal: number; calendarId: number };
const test = anyTest as TestFn<Ctx>;

type Entry = { at: string; kind: string; params: Record<string, unknown> };

// The seeded default policy (core/lifecycle/default-policy.ts): UTC office hours 09:00–17:00 Mon–Fri, "Everything else"
// gives Normal tickets 8 business hours to first response and 40 to resolution, warnings at 75 %.
// Friday 2026-11-27 15:00Z leaves 2 business hours that day; the weekend does not count.
const FRIDAY_15 = '2026-11-27T15:00:00.000Z';

test.before(async (t) => {
  const app = await startTestApp();
  const normal = (await app.db('priorities').where({ name: 'Normal' }).first('id')).id as number;
  const calendarId = (await app.db('lifecycle_settings').where({ id: 1 }).first('calendar_id')).calendar_id as number;
  t.context = {
    app, normal, calendarId,
    admin: await createWorker(app.db, { role: 'admin' }),
    agent: await createWorker(app.db, { role: 'agent' }),
    customer: await createCustomer(app.db),
  };
});
test.after.always(async (t) => t.context.app?.close());

const preview = (t: { context: Ctx }, body: unknown, token = t.context.admin.token) =>
  t.context.app.request('POST', '/api/v1/lifecycle-policies/preview', { token, body });

const pick = (timeline: Entry[], kind: string, metric?: string) => timeline.filter((e) => e.kind === kind && (metric === undefined || e.params.metric === metric));

test('nobody answers: targets, warnings and breaches fall on hand-computed business times across the weekend', async (t) => {
  const res = await preview(t, { ticket: { priority: t.context.normal, createdAt: FRIDAY_15 } });
  t.is(res.status, 200, JSON.stringify(res.body));
  const { timeline, match } = res.body as { timeline: Entry[]; match: { name: string; hours: string; candidates: { matched: boolean }[] } };
  t.is(match.name, 'Everything else');
  t.is(match.hours, 'business');
  t.deepEqual(match.candidates.map((c) => c.matched), [false, false, true], 'urgent and high were checked first and did not match');
  t.is(res.body.draft, false);
  t.is(res.body.policyVersion, 1);

  t.deepEqual(pick(timeline, 'sla_target', 'first_response').map((e) => [e.at, e.params.dueAt, e.params.warnAt]), [
    [FRIDAY_15, '2026-11-30T15:00:00.000Z', '2026-11-30T13:00:00.000Z'], // 2 h Fri + 6 h Mon; warning after 6 h
  ]);
  t.deepEqual(pick(timeline, 'sla_target', 'resolution').map((e) => e.params.dueAt), ['2026-12-04T15:00:00.000Z']); // 2 + 4×8 + 6
  t.deepEqual(pick(timeline, 'sla_warning').map((e) => [e.params.metric, e.at]), [
    ['first_response', '2026-11-30T13:00:00.000Z'],
    ['resolution', '2026-12-03T13:00:00.000Z'], // 30 business hours
  ]);
  t.deepEqual(pick(timeline, 'sla_breach').map((e) => [e.params.metric, e.at]), [
    ['first_response', '2026-11-30T15:00:00.000Z'],
    ['resolution', '2026-12-04T15:00:00.000Z'],
  ]);
  // Warning → notify assignee; breach of first response and resolution → notify team lead.
  t.deepEqual(pick(timeline, 'escalation').map((e) => [e.at, e.params.on, e.params.metric, e.params.action]), [
    ['2026-11-30T13:00:00.000Z', 'warning', 'first_response', 'notify_assignee'],
    ['2026-11-30T15:00:00.000Z', 'breach', 'first_response', 'notify_team_lead'],
    ['2026-12-03T13:00:00.000Z', 'warning', 'resolution', 'notify_assignee'],
    ['2026-12-04T15:00:00.000Z', 'breach', 'resolution', 'notify_team_lead'],
  ]);
  const times = timeline.map((e) => Date.parse(e.at));
  t.deepEqual(times, [...times].sort((a, b) => a - b), 'the timeline is ordered');
  t.is(timeline[0]?.kind, 'ticket_opened');
});

test('an agent reply at +30 min stops the first-response warning and breach', async (t) => {
  const res = await preview(t, { ticket: { priority: t.context.normal, createdAt: FRIDAY_15 }, events: [{ afterMinutes: 30, event: 'agent_reply' }] });
  t.is(res.status, 200, JSON.stringify(res.body));
  const timeline = res.body.timeline as Entry[];
  t.deepEqual(pick(timeline, 'agent_reply').map((e) => e.at), ['2026-11-27T15:30:00.000Z']);
  t.deepEqual(pick(timeline, 'sla_met', 'first_response').map((e) => e.at), ['2026-11-27T15:30:00.000Z']);
  t.is(pick(timeline, 'sla_warning', 'first_response').length, 0);
  t.is(pick(timeline, 'sla_breach', 'first_response').length, 0);
  t.is(pick(timeline, 'sla_breach', 'resolution').length, 1, 'resolution still runs');
});

test('pending then nobody answers: reminders, auto-solve, survey and auto-close follow the settings', async (t) => {
  const res = await preview(t, {
    ticket: { priority: t.context.normal, createdAt: FRIDAY_15 },
    events: [{ afterMinutes: 10, event: 'agent_reply' }, { afterMinutes: 11, event: 'status', statusCategory: 'pending' }],
    horizonDays: 30,
  });
  t.is(res.status, 200, JSON.stringify(res.body));
  const timeline = res.body.timeline as Entry[];
  const pendingAt = Date.parse('2026-11-27T15:11:00.000Z');
  const H = 3_600_000;
  // Defaults: reminders every 48 h (max 2), auto-solve after 7 days, survey 24 h after solve, auto-close 4 days after.
  t.deepEqual(pick(timeline, 'customer_reminder').map((e) => Date.parse(e.at) - pendingAt), [48 * H, 96 * H]);
  t.deepEqual(pick(timeline, 'status_change').map((e) => [Date.parse(e.at) - pendingAt, e.params.to, e.params.reason]), [
    [168 * H, 'solved', 'auto_solve'],
    [168 * H + 96 * H, 'closed', 'auto_close'],
  ]);
  t.deepEqual(pick(timeline, 'survey_sent').map((e) => Date.parse(e.at) - pendingAt), [168 * H + 24 * H]);
  t.true(pick(timeline, 'sla_paused', 'resolution').length === 1, 'pending pauses resolution');
  t.is(pick(timeline, 'sla_breach').length, 0);
});

test('an unsaved draft is previewed; an invalid one is a 422 with field paths and nothing is written', async (t) => {
  const { app } = t.context;
  const current = await app.request('GET', '/api/v1/lifecycle-policies', { token: t.context.admin.token });
  const doc = current.body.document;
  const tighter = structuredClone(doc);
  tighter.sla.policies[2].targets.first_response = 60;
  const ok = await preview(t, { ticket: { priority: t.context.normal, createdAt: FRIDAY_15 }, policy: tighter });
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.is(ok.body.draft, true);
  t.deepEqual(pick(ok.body.timeline, 'sla_breach', 'first_response').map((e) => e.at), ['2026-11-27T16:00:00.000Z']);

  const before = { versions: await count(app.db('lifecycle_policy_versions')), audit: await count(app.db('audit_log')), jobs: await count(app.db('graphile_worker._private_jobs')) };
  const broken = structuredClone(doc);
  broken.sla.policies[2].targets.first_response = -5;
  broken.sla.policies[0].when = { priorities: ['nope'] };
  broken.surprise = true;
  const bad = await preview(t, { ticket: { priority: t.context.normal }, policy: broken });
  t.is(bad.status, 422, JSON.stringify(bad.body));
  const paths = (bad.body.errors as { path: string }[]).map((e) => e.path).sort();
  t.true(paths.includes('policy.sla.policies.2.targets.first_response'), paths.join());
  t.true(paths.includes('policy'), paths.join()); // the unknown top-level key
  t.deepEqual(
    { versions: await count(app.db('lifecycle_policy_versions')), audit: await count(app.db('audit_log')), jobs: await count(app.db('graphile_worker._private_jobs')) },
    before,
  );
});

test('bad samples are field errors: unknown priority, horizon over 90 days, unknown event', async (t) => {
  const unknown = await preview(t, { ticket: { priority: 999_999 } });
  t.is(unknown.status, 422);
  t.deepEqual((unknown.body.errors as { path: string }[]).map((e) => e.path), ['ticket.priority']);
  const far = await preview(t, { ticket: { priority: t.context.normal }, horizonDays: 91 });
  t.is(far.status, 422);
  t.true(JSON.stringify(far.body.errors).includes('horizonDays'));
  const odd = await preview(t, { ticket: { priority: t.context.normal }, events: [{ afterMinutes: 5, event: 'dance' }] });
  t.is(odd.status, 422);
});

test('agents may preview (settings:read); customers and plugins get 403', async (t) => {
  const body = { ticket: { priority: t.context.normal } };
  t.is((await preview(t, body, t.context.agent.token)).status, 200);
  t.is((await preview(t, body, t.context.customer.token)).status, 403);
  const plugin = await createPluginKey(t.context.app.db, ['tickets:read']);
  t.is((await preview(t, body, plugin.key)).status, 403);
});
