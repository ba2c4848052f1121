import type { ExecutionContext } from 'ava';
import { createPolicySource } from '../../services/lifecycle/policy-source';
import { count } from '../helpers/db';
import { workspaceTest, type Workspace } from '../helpers/workspace';

const test = workspaceTest();

const versions = async (t: ExecutionContext<Workspace>) => count(t.context.app.db('lifecycle_policy_versions'));
const latest = async (t: ExecutionContext<Workspace>) => {
  const res = await t.context.app.request('GET', '/api/v1/lifecycle-policies', { token: t.context.admin.token });
  t.is(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
const paths = (res: { body: { errors?: { path: string }[] } }) => (res.body.errors ?? []).map((e) => e.path).sort();

test.serial('the seeded policy is version 1, compiled from the default calendar, settings and SLA policies', async (t) => {
  const { app, agent } = t.context;
  const current = await latest(t);
  t.is(current.policyVersion, 1);
  t.deepEqual(current.document.priorities, ['low', 'normal', 'high', 'urgent'], 'priority keys from the priorities table');
  t.deepEqual(current.document.sla.policies.map((p: { name: string }) => p.name), ['Urgent, around the clock', 'High priority', 'Everything else']);
  t.is(current.document.calendar.timeZone, 'UTC');
  t.is(current.settings.survey.delayHours, 24);
  const calendars = await app.request('GET', '/api/v1/calendars', { token: agent.token });
  t.is(calendars.status, 200);
  t.deepEqual(calendars.body.data.map((c: { inUse: boolean }) => c.inUse), [true]);
  t.is((await app.request('POST', '/api/v1/sla-policies', { token: agent.token, body: { name: 'x', targets: { resolution: 5 } } })).status, 403, 'agents read, only admins write');
  t.is((await app.request('GET', '/api/v1/sla-policies', { token: agent.token })).status, 200);
});

test.serial('creating an SLA policy publishes a new version with an audit row and a policy.updated event', async (t) => {
  const { app, admin } = t.context;
  const before = await versions(t);
  const res = await app.request('POST', '/api/v1/sla-policies', {
    token: admin.token,
    body: {
      name: 'VIP', position: 1, hours: 'calendar', conditions: { tagsAny: ['vip'] }, targets: { first_response: 30 },
      escalations: [{ on: 'breach', actions: [{ type: 'raise_priority' }, { type: 'add_tag', tag: 'sla-breached' }] }],
    },
  });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.is(res.body.position, 1);
  t.is(await versions(t), before + 1);
  const current = await latest(t);
  t.is(current.document.sla.policies[0].id, String(res.body.id), 'first in evaluation order, id from the row');
  t.deepEqual(current.document.sla.policies[0].when, { tagsAny: ['vip'] });
  const list = await app.request('GET', '/api/v1/sla-policies', { token: admin.token });
  t.deepEqual(list.body.data.map((p: { position: number }) => p.position), [1, 2, 3, 4]);
  const event = await app.db('outbox').where({ event_type: 'policy.updated' }).orderBy('id', 'desc').first();
  t.deepEqual(event.payload, { version: current.policyVersion });
  t.truthy(await app.db('audit_log').where({ action: 'sla_policy.create', entity_id: String(res.body.id), actor_id: admin.id }).first());
  t.truthy(await app.db('audit_log').where({ action: 'lifecycle_policy.publish', entity_id: String(current.policyVersion) }).first());
  const policy = await createPolicySource(app.db).current();
  t.is(policy.version, current.policyVersion, 'the engines\' policy source serves the new version');
});

test.serial('an SLA policy that would break the compiled document is refused field by field and nothing is written', async (t) => {
  const { app, admin } = t.context;
  const [v, rows, outbox] = [await versions(t), await count(app.db('sla_policies')), await count(app.db('outbox'))];
  const bad = await app.request('POST', '/api/v1/sla-policies', {
    token: admin.token,
    body: {
      name: 'Broken', conditions: { priorities: ['critical'] }, targets: { first_response: 60 },
      escalations: [{ on: 'warning', metrics: ['resolution'], actions: [{ type: 'notify_assignee' }] }],
    },
  });
  t.is(bad.status, 422, JSON.stringify(bad.body));
  t.is(bad.headers.get('content-type'), 'application/problem+json');
  t.deepEqual(paths(bad), ['conditions.priorities', 'escalations.0.metrics']);
  const shape = await app.request('POST', '/api/v1/sla-policies', { token: admin.token, body: { name: 'No targets', targets: {}, extra: 1 } });
  t.is(shape.status, 422);
  t.deepEqual(paths(shape), ['extra', 'targets']);
  const refs = await app.request('POST', '/api/v1/sla-policies', {
    token: admin.token,
    body: {
      name: 'Dangling', targets: { resolution: 60 }, conditions: { teamIds: ['999999'] },
      escalations: [{ on: 'breach', actions: [{ type: 'reassign_team', teamId: 'support' }, { type: 'fire_webhook', webhookId: '424242' }, { type: 'add_tag', tag: 'Not A Tag' }] }],
    },
  });
  t.is(refs.status, 422);
  t.deepEqual(paths(refs), ['escalations.0.actions.0.teamId', 'escalations.0.actions.2.tag']);
  const refs2 = await app.request('POST', '/api/v1/sla-policies', {
    token: admin.token,
    body: { name: 'Dangling', targets: { resolution: 60 }, conditions: { teamIds: ['999999'] }, escalations: [{ on: 'breach', actions: [{ type: 'fire_webhook', webhookId: '424242' }] }] },
  });
  t.deepEqual(paths(refs2), ['conditions.teamIds.0', 'escalations.0.actions.0.webhookId']);
  t.deepEqual([await versions(t), await count(app.db('sla_policies')), await count(app.db('outbox'))], [v, rows, outbox]);
});

test.serial('updates, reorders and deletes each publish a version; a stale version is a 409', async (t) => {
  const { app, admin } = t.context;
  const list = (await app.request('GET', '/api/v1/sla-policies', { token: admin.token })).body.data as { id: number; version: number }[];
  const first = list[0]!;
  const stale = await app.request('PATCH', `/api/v1/sla-policies/${first.id}`, { token: admin.token, body: { name: 'Renamed', version: first.version + 5 } });
  t.is(stale.status, 409);
  const v = await versions(t);
  const moved = await app.request('PATCH', `/api/v1/sla-policies/${first.id}`, { token: admin.token, body: { targets: { first_response: 45 }, position: 99, version: first.version } });
  t.is(moved.status, 200, JSON.stringify(moved.body));
  t.is(moved.body.position, list.length, 'a position past the end moves it last');
  t.deepEqual(moved.body.targets, { first_response: 45 });
  t.is(await versions(t), v + 1);
  const ids = list.map((p) => p.id);
  const incomplete = await app.request('PUT', '/api/v1/sla-policies/order', { token: admin.token, body: { ids: ids.slice(1) } });
  t.is(incomplete.status, 422);
  t.deepEqual(paths(incomplete), ['ids']);
  const reordered = await app.request('PUT', '/api/v1/sla-policies/order', { token: admin.token, body: { ids: [...ids].reverse() } });
  t.is(reordered.status, 200, JSON.stringify(reordered.body));
  t.deepEqual(reordered.body.data.map((p: { id: number }) => p.id), [...ids].reverse());
  t.deepEqual((await latest(t)).document.sla.policies.map((p: { id: string }) => Number(p.id)), [...ids].reverse());
  const del = await app.request('DELETE', `/api/v1/sla-policies/${first.id}`, { token: admin.token });
  t.is(del.status, 204);
  t.deepEqual((await app.request('GET', '/api/v1/sla-policies', { token: admin.token })).body.data.map((p: { position: number }) => p.position), [1, 2, 3]);
  t.is(await versions(t), v + 3);
});

test.serial('settings: PATCH merges sections field by field, validation names the field, an unchanged document is not a new version', async (t) => {
  const { app, admin } = t.context;
  const v = await versions(t);
  const res = await app.request('PATCH', '/api/v1/lifecycle-policies', {
    token: admin.token,
    body: { warningPercent: 50, pending: { maxReminders: 5 }, survey: { delayHours: 2 }, customerNotifications: { new: null, pending: { template: 'waiting_on_you' } } },
  });
  t.is(res.status, 200, JSON.stringify(res.body));
  t.is(res.body.warningPercent, 50);
  t.is(res.body.pending.maxReminders, 5);
  t.is(res.body.pending.reminderAfterHours, 48, 'fields not sent keep their value');
  t.deepEqual(res.body.customerNotifications, { pending: { template: 'waiting_on_you' }, solved: { template: 'ticket_solved' } });
  t.is(res.headers.get('etag'), `"v${res.body.version}"`);
  t.is(await versions(t), v + 1);
  const doc = (await latest(t)).document;
  t.is(doc.sla.warningPercent, 50);
  t.is(doc.survey.delayHours, 2);

  const bad = await app.request('PATCH', '/api/v1/lifecycle-policies', { token: admin.token, body: { warningPercent: 150, pending: { maxReminders: -1, bogus: true } } });
  t.is(bad.status, 422);
  t.deepEqual(paths(bad), ['warningPercent']);
  const bad2 = await app.request('PATCH', '/api/v1/lifecycle-policies', { token: admin.token, body: { pending: { maxReminders: -1, bogus: true } } });
  t.is(bad2.status, 422);
  t.deepEqual(paths(bad2), ['pending', 'pending.maxReminders']);
  const missingCalendar = await app.request('PATCH', '/api/v1/lifecycle-policies', { token: admin.token, body: { calendarId: 999999 } });
  t.is(missingCalendar.status, 422);
  t.deepEqual(paths(missingCalendar), ['calendarId']);
  const same = await app.request('PATCH', '/api/v1/lifecycle-policies', { token: admin.token, body: { warningPercent: 50 } });
  t.is(same.status, 200);
  t.is(await versions(t), v + 1, 'no new version when the compiled document did not change');
  const replaced = await app.request('PUT', '/api/v1/lifecycle-policies', { token: admin.token, body: { calendarId: res.body.calendarId } });
  t.is(replaced.status, 200, JSON.stringify(replaced.body));
  t.is(replaced.body.warningPercent, 75, 'PUT resets what it does not send to the defaults');
  t.deepEqual(replaced.body.customerNotifications, {});
  const history = await app.request('GET', '/api/v1/lifecycle-policies/versions?limit=2', { token: admin.token });
  t.is(history.body.data.length, 2);
  t.true(history.body.data[0].version > history.body.data[1].version, 'newest first');
  t.is(history.body.data[0].createdBy, admin.id);
  const one = await app.request('GET', `/api/v1/lifecycle-policies/versions/${v}`, { token: admin.token });
  t.is(one.body.document.version, v);
  t.is((await app.request('GET', '/api/v1/lifecycle-policies/versions/999999', { token: admin.token })).status, 404);
});

test.serial('calendars: validated, switching or editing the one in use publishes a version, deleting it is a 409', async (t) => {
  const { app, admin } = t.context;
  const badZone = await app.request('POST', '/api/v1/calendars', { token: admin.token, body: { name: 'Mars', timeZone: 'Mars/Olympus', weeklyHours: { 1: [{ start: '09:00', end: '17:00' }] } } });
  t.is(badZone.status, 422);
  t.deepEqual(paths(badZone), ['timeZone']);
  const noHours = await app.request('POST', '/api/v1/calendars', { token: admin.token, body: { name: 'Never', timeZone: 'UTC', weeklyHours: {} } });
  t.deepEqual(paths(noHours), ['weeklyHours']);
  const allDay = [{ start: '00:00', end: '24:00' }];
  const created = await app.request('POST', '/api/v1/calendars', {
    token: admin.token, body: { name: '24/7', timeZone: 'Europe/Berlin', weeklyHours: { 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay }, holidays: ['2026-12-25'] },
  });
  t.is(created.status, 201, JSON.stringify(created.body));
  t.false(created.body.inUse);
  const v = await versions(t);
  const edited = await app.request('PATCH', `/api/v1/calendars/${created.body.id}`, { token: admin.token, body: { holidays: [] } });
  t.is(edited.status, 200);
  t.is(await versions(t), v, 'a calendar nobody uses is just a row');
  const oldId = (await latest(t)).settings.calendarId;
  t.is((await app.request('PATCH', '/api/v1/lifecycle-policies', { token: admin.token, body: { calendarId: created.body.id } })).status, 200);
  t.is(await versions(t), v + 1);
  t.is((await latest(t)).document.calendar.timeZone, 'Europe/Berlin');
  const inUse = await app.request('DELETE', `/api/v1/calendars/${created.body.id}`, { token: admin.token });
  t.is(inUse.status, 409);
  const emptied = await app.request('PATCH', `/api/v1/calendars/${created.body.id}`, { token: admin.token, body: { weeklyHours: {} } });
  t.is(emptied.status, 422);
  t.deepEqual((await app.request('GET', `/api/v1/calendars/${created.body.id}`, { token: admin.token })).body.weeklyHours['1'], allDay, 'nothing saved');
  const moved = await app.request('PATCH', `/api/v1/calendars/${created.body.id}`, { token: admin.token, body: { timeZone: 'America/New_York' } });
  t.is(moved.status, 200);
  t.is(await versions(t), v + 2, 'editing the calendar in use is a policy change');
  t.is((await app.request('DELETE', `/api/v1/calendars/${oldId}`, { token: admin.token })).status, 204);
});
