import type { ExecutionContext } from 'ava';
import { createTaskList } from '../../activities/tasks';
import { ROUTING_SWEEP_TASK, scheduleRoutingSweep } from '../../services/routing/routing.jobs';
import { effectiveAvailability, getRoutingProfile } from '../../services/routing/routing-profile.service';
import { runRoutingSweep } from '../../services/routing/routing-sweep.service';
import { routeTicket } from '../../services/routing/routing.service';
import { createTeam, createWorker, type TestWorker } from '../helpers/app';
import { drainDueJobs, silentLogger } from '../helpers/lifecycle-fixtures';
import { workspaceTest, type Workspace } from '../helpers/workspace';

const test = workspaceTest();
type T = ExecutionContext<Workspace>;
const MIN = 60_000;

async function profile(t: T, w: TestWorker, body: Record<string, unknown>): Promise<void> {
  const res = await t.context.app.request('PUT', `/api/v1/workers/${w.id}/routing-profile`, { token: t.context.admin.token, body });
  t.is(res.status, 200, JSON.stringify(res.body));
}

async function newTicket(t: T, teamId: number, assigneeId: number | null): Promise<number> {
  const res = await t.context.app.request('POST', '/api/v1/tickets', {
    token: t.context.admin.token,
    body: { subject: 'Sweep', requesterId: t.context.customer.id, teamId, ...(assigneeId !== null && { assigneeId }), message: { bodyText: 'help' } },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as number;
}

const decisions = async (t: T, id: number) => (await t.context.app.request('GET', `/api/v1/tickets/${id}/routing`, { token: t.context.admin.token })).body.data as Array<{ trigger: string; outcome: string; chosenWorkerId: number | null }>;
const assigneeOf = async (t: T, id: number) => (await t.context.app.db('tickets').where({ id }).first('assignee_id')).assignee_id as number | null;

test.serial('the routing_sweep job runs and schedules its successor under one job key', async (t) => {
  const { app } = t.context;
  await scheduleRoutingSweep(app.db, { lastRunAt: null }, new Date(), 'preserve_run_at');
  await drainDueJobs(app.dbUrl, createTaskList({ db: app.db, config: app.config, logger: silentLogger }));
  const jobs = (await app.db.raw(`SELECT key, run_at FROM graphile_worker.jobs WHERE task_identifier = ?`, [ROUTING_SWEEP_TASK])).rows as Array<{ key: string; run_at: Date }>;
  t.is(jobs.length, 1);
  t.is(jobs[0]!.key, ROUTING_SWEEP_TASK);
  t.true(jobs[0]!.run_at.getTime() > Date.now(), 'the next sweep is in the future');
  t.is(app.config.routing.offlineReassignMinutes, 30, 'default threshold');
});

test.serial('tickets of an assignee offline past the threshold are rerouted once, capacity-safe, with the decision recorded', async (t) => {
  const { app } = t.context;
  const teamId = await createTeam(app.db);
  const gone = await createWorker(app.db, { role: 'agent', teamIds: [teamId] });
  const spare = await createWorker(app.db, { role: 'agent', teamIds: [teamId] });
  await profile(t, gone, { capacity: 5, availability: 'online' });
  await profile(t, spare, { capacity: 1, availability: 'online' });
  const ids = [await newTicket(t, teamId, gone.id), await newTicket(t, teamId, gone.id)];

  t.is((await app.request('PUT', '/api/v1/me/availability', { token: gone.token, body: { availability: 'offline' } })).status, 200);
  const offlineAt = ((await app.db('worker_routing_profiles').where({ worker_id: gone.id }).first('availability_changed_at')).availability_changed_at as Date).getTime();

  const early = await runRoutingSweep(app.db, { now: offlineAt + 29 * MIN, offlineReassignMinutes: 30, lastRunAt: null });
  t.deepEqual(early.reassignedTickets, [], 'not yet past the threshold');
  t.deepEqual(await Promise.all(ids.map((id) => assigneeOf(t, id))), [gone.id, gone.id]);

  const late = await runRoutingSweep(app.db, { now: offlineAt + 31 * MIN, offlineReassignMinutes: 30, lastRunAt: null });
  t.deepEqual(late.reassignedTickets.sort(), [...ids].sort());
  const assignees = await Promise.all(ids.map((id) => assigneeOf(t, id)));
  t.deepEqual([...assignees].sort(), [spare.id, null].sort(), 'the spare agent (capacity 1) took one, the other waits');
  const queuedId = ids[assignees.indexOf(null)]!;
  t.truthy(await app.db('routing_queue').where({ ticket_id: queuedId, team_id: teamId }).first());
  for (const id of ids) {
    const d = await decisions(t, id);
    t.is(d.length, 1);
    t.is(d[0]!.trigger, 'assignee_offline');
  }

  // Later sweeps find nothing: the offline worker holds no open ticket any more.
  const again = await runRoutingSweep(app.db, { now: offlineAt + 45 * MIN, offlineReassignMinutes: 30, lastRunAt: null });
  t.deepEqual(again.reassignedTickets, []);
  for (const id of ids) t.is((await decisions(t, id)).length, 1, 'reassigned once');

  // Back online before the threshold: keeps their tickets.
  const back = await newTicket(t, teamId, spare.id);
  t.is((await app.request('PUT', '/api/v1/me/availability', { token: spare.token, body: { availability: 'offline' } })).status, 200);
  t.is((await app.request('PUT', '/api/v1/me/availability', { token: spare.token, body: { availability: 'online' } })).status, 200);
  const r = await runRoutingSweep(app.db, { now: Date.now() + 60 * MIN, offlineReassignMinutes: 30, lastRunAt: null });
  t.false(r.reassignedTickets.includes(back));
  t.is(await assigneeOf(t, back), spare.id);
});

test.serial('a shift starting drains the team queue; the profile shows effective availability', async (t) => {
  const { app } = t.context;
  const teamId = await createTeam(app.db);
  const c = await createWorker(app.db, { role: 'agent', teamIds: [teamId] });
  const day = [{ start: '09:00', end: '17:00' }];
  await profile(t, c, { capacity: 1, availability: 'online', timeZone: 'UTC', shifts: { 1: day, 2: day, 3: day, 4: day, 5: day, 6: day, 7: day } });
  const at = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00Z`);

  const id = await newTicket(t, teamId, null);
  const queued = await routeTicket(app.db, id, { trigger: 'ticket_created', now: at('08:00') });
  t.is(queued?.decision.outcome, 'queued', 'off shift: waits');

  const before = await runRoutingSweep(app.db, { now: at('08:30'), offlineReassignMinutes: 30, lastRunAt: at('08:00') });
  t.deepEqual(before.drainedTeams, [], 'no shift started between 08:00 and 08:30');
  t.is(await assigneeOf(t, id), null);

  const started = await runRoutingSweep(app.db, { now: at('09:01'), offlineReassignMinutes: 30, lastRunAt: at('08:59') });
  t.deepEqual(started.drainedTeams, [teamId]);
  t.is(await assigneeOf(t, id), c.id);
  t.like((await decisions(t, id))[0], { trigger: 'queue_drain', outcome: 'assigned', chosenWorkerId: c.id });

  const p = await getRoutingProfile(app.db, c.id);
  t.like(await effectiveAvailability(app.db, p, at('10:00')), { status: 'online', onShift: true, minutesLeft: 420, routable: true, teams: [{ teamId, onShift: true, minutesLeft: 420 }] });
  t.like(await effectiveAvailability(app.db, p, at('18:00')), { status: 'online', onShift: false, minutesLeft: null, routable: false });
  const res = await app.request('GET', `/api/v1/workers/${c.id}/routing-profile`, { token: t.context.agent.token });
  t.is(res.status, 200);
  t.is(res.body.effective.status, 'online');
  t.is(res.body.effective.teams[0].teamId, teamId);
  t.is(res.body.effective.onShift, res.body.effective.minutesLeft !== null, 'on shift exactly when minutes are left');
});

test.serial('a team lead manages their own team\'s members, not other teams\'', async (t) => {
  const { app } = t.context;
  const own = await createTeam(app.db);
  const other = await createTeam(app.db);
  const lead = await createWorker(app.db, { role: 'agent', teamIds: [own] });
  await app.db('team_members').where({ team_id: own, worker_id: lead.id }).update({ role: 'lead' });
  const member = await createWorker(app.db, { role: 'agent', teamIds: [own] });
  const stranger = await createWorker(app.db, { role: 'agent', teamIds: [other] });
  const put = (as: TestWorker, w: number, capacity: number) => app.request('PUT', `/api/v1/workers/${w}/routing-profile`, { token: as.token, body: { capacity } });

  const ok = await put(lead, member.id, 7);
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.is(ok.body.capacity, 7);
  t.truthy(await app.db('audit_log').where({ action: 'worker.routing_profile_update', entity_id: String(member.id), actor_id: lead.id }).first());

  const denied = await put(lead, stranger.id, 9);
  t.is(denied.status, 403);
  t.is(await app.db('worker_routing_profiles').where({ worker_id: stranger.id }).first(), undefined, 'nothing written');
  t.is((await put(member, lead.id, 9)).status, 403, 'a plain member is no lead');

  const members = (team: number, list: unknown[]) => app.request('PUT', `/api/v1/teams/${team}/members`, { token: lead.token, body: { members: list } });
  const added = await members(own, [{ workerId: lead.id, role: 'lead' }, { workerId: member.id }, { workerId: stranger.id }]);
  t.is(added.status, 200, JSON.stringify(added.body));
  t.deepEqual(added.body.members.map((m: { workerId: number }) => m.workerId).sort(), [lead.id, member.id, stranger.id].sort());
  t.is((await members(own, [{ workerId: lead.id, role: 'lead' }, { workerId: member.id, role: 'lead' }])).status, 403, 'leads cannot appoint leads');
  t.is((await members(other, [{ workerId: stranger.id }])).status, 403, 'another team');
  t.is(Number((await app.db('team_members').where({ team_id: own }).count({ n: '*' }).first())?.n), 3, 'refused changes wrote nothing');
});
