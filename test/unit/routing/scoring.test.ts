import test from 'ava';
import fc from 'fast-check';
import { finishDecision, planRouting, rankedWorkerIds } from '../../../core/routing/decision';
import { evaluateRules } from '../../../core/routing/rule-evaluation';
import { rankCandidates, scoreCandidate, type Candidate, type Requirements } from '../../../core/routing/scoring';
import { shiftMinutesLeft } from '../../../core/routing/shift';
import { calendar247 } from '../../../core/lifecycle/business-time';
import type { Calendar } from '../../../core/lifecycle/calendar.schema';

// Monday 2026-03-02 10:00 UTC.
const MON_10 = Date.UTC(2026, 2, 2, 10, 0);
const nineToFive = (timeZone = 'UTC'): Calendar => {
  const w = [{ start: '09:00', end: '17:00' }];
  return { timeZone, weeklyHours: { 1: w, 2: w, 3: w, 4: w, 5: w }, holidays: [] };
};

const worker = (id: number, over: Partial<Candidate> = {}): Candidate => ({
  workerId: id, availability: 'online', skills: {}, languages: ['en', 'de'], shift: null, capacity: 10, channelCapacity: {},
  openTickets: 0, openByChannel: {}, lastAssignedAt: null, ...over,
});
const req = (over: Partial<Requirements> = {}): Requirements => ({
  channel: 'email', requiredSkills: [], language: 'en', minShiftMinutesLeft: 30, allowOffShift: false, now: MON_10, ...over,
});

test('shift minutes left: inside, outside, overnight, holidays, time zones and 24/7', (t) => {
  t.is(shiftMinutesLeft(nineToFive(), MON_10), 7 * 60);
  t.is(shiftMinutesLeft(nineToFive(), Date.UTC(2026, 2, 2, 17, 0)), null, 'end is exclusive');
  t.is(shiftMinutesLeft(nineToFive(), Date.UTC(2026, 2, 7, 10, 0)), null, 'Saturday is off');
  t.is(shiftMinutesLeft({ ...nineToFive(), holidays: ['2026-03-02'] }, MON_10), null, 'holiday is off');
  // 10:00 UTC is 19:00 in Tokyo: off; 05:00 in New York (EST): off; 11:00 in Berlin (CET): 6h left.
  t.is(shiftMinutesLeft(nineToFive('Asia/Tokyo'), MON_10), null);
  t.is(shiftMinutesLeft(nineToFive('America/New_York'), MON_10), null);
  t.is(shiftMinutesLeft(nineToFive('Europe/Berlin'), MON_10), 6 * 60);
  const night: Calendar = { timeZone: 'UTC', weeklyHours: { 1: [{ start: '22:00', end: '06:00' }] }, holidays: [] };
  t.is(shiftMinutesLeft(night, Date.UTC(2026, 2, 2, 23, 0)), 7 * 60, 'overnight shift runs into Tuesday');
  t.is(shiftMinutesLeft(night, Date.UTC(2026, 2, 3, 5, 30)), 30);
  t.true((shiftMinutesLeft(calendar247(), MON_10) ?? 0) >= 7 * 24 * 60);
});

test('exclusions are named: offline, missing or low skill, language, capacity, channel capacity, off shift', (t) => {
  const r = req({ requiredSkills: [{ skill: 'billing', minLevel: 3 }], language: 'fr' });
  const s = scoreCandidate(worker(1, { availability: 'away', skills: { billing: 2 }, openTickets: 10, shift: nineToFive('Asia/Tokyo') }), r);
  t.false(s.eligible);
  t.deepEqual(s.reasons, ['is away', 'skill billing at level 2, needs 3', 'does not speak fr', 'at capacity (10/10 open)', 'is off shift']);
  const ch = scoreCandidate(worker(2, { channelCapacity: { chat: 2 }, openByChannel: { chat: 2 } }), req({ channel: 'chat' }));
  t.deepEqual(ch.reasons, ['at chat capacity (2/2 open)']);
  t.true(scoreCandidate(worker(3, { channelCapacity: { chat: 2 }, openByChannel: { chat: 2 } }), req({ channel: 'email' })).eligible);
  t.deepEqual(scoreCandidate(worker(4, { capacity: 0 }), req()).reasons, ['at capacity (0/0 open)']);
});

test('off shift only with a rule allowing it, and then ranked after everyone on shift', (t) => {
  const off = worker(1, { shift: nineToFive('Asia/Tokyo') });
  const on = worker(2, { shift: nineToFive(), openTickets: 9 });
  t.false(scoreCandidate(off, req()).eligible);
  const allowed = rankCandidates([off, on], req({ allowOffShift: true }));
  t.deepEqual(allowed.map((c) => [c.workerId, c.rank, c.shift]), [[2, 1, 'on_shift'], [1, 2, 'off_shift']]);
});

test('a shift ending within N minutes is eligible but preferred less than a fresh one, whatever the load', (t) => {
  const ending = worker(1, { shift: { timeZone: 'UTC', weeklyHours: { 1: [{ start: '06:00', end: '10:20' }] }, holidays: [] } });
  const fresh = worker(2, { shift: nineToFive(), openTickets: 8 });
  const ranked = rankCandidates([ending, fresh], req({ minShiftMinutesLeft: 30 }));
  t.deepEqual(ranked.map((c) => [c.workerId, c.shift, c.shiftMinutesLeft]), [[2, 'on_shift', 420], [1, 'ending_soon', 20]]);
  t.true(ranked[1]!.reasons[0]!.includes('ends in 20 min'));
});

test('least loaded relative to capacity wins, not least open tickets', (t) => {
  const big = worker(1, { capacity: 20, openTickets: 5 }); // 25 %
  const small = worker(2, { capacity: 4, openTickets: 2 }); // 50 %
  t.deepEqual(rankedWorkerIds(planFor([small, big])), [1, 2]);
});

test('skill level fit: the closest level to the requirement is preferred between equally loaded workers', (t) => {
  const expert = worker(1, { skills: { billing: 5 } });
  const fit = worker(2, { skills: { billing: 3 } });
  const ranked = rankCandidates([expert, fit], req({ requiredSkills: [{ skill: 'billing', minLevel: 3 }] }));
  t.deepEqual(ranked.map((c) => [c.workerId, c.skillFit]), [[2, 1], [1, 0.6]]);
});

test('round robin among equals: the worker assigned longest ago (or never) goes first', (t) => {
  const a = worker(1, { lastAssignedAt: MON_10 - 1000 });
  const b = worker(2, { lastAssignedAt: MON_10 - 5000 });
  const c = worker(3, { lastAssignedAt: null });
  t.deepEqual(rankedWorkerIds(planFor([a, b, c])), [3, 2, 1]);
});

test('crafted history: 12 tickets over 3 equal workers alternate and never exceed capacity', (t) => {
  const pool = [worker(1, { capacity: 4 }), worker(2, { capacity: 4 }), worker(3, { capacity: 4 })];
  const order: number[] = [];
  for (let i = 0; i < 13; i++) {
    const d = planFor(pool, MON_10 + i * 1000);
    const chosen = rankedWorkerIds(d)[0];
    if (chosen === undefined) { order.push(0); continue; }
    const w = pool.find((p) => p.workerId === chosen)!;
    Object.assign(w, { openTickets: w.openTickets + 1, lastAssignedAt: MON_10 + i * 1000 });
    order.push(chosen);
  }
  t.deepEqual(order, [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 0], 'the 13th ticket queues');
});

test('property: the top-ranked candidate is eligible and no eligible candidate is strictly less loaded on the same shift tier', (t) => {
  fc.assert(fc.property(
    fc.array(fc.record({ cap: fc.integer({ min: 0, max: 8 }), open: fc.integer({ min: 0, max: 9 }), online: fc.boolean(), last: fc.option(fc.nat(10_000)) }), { maxLength: 12 }),
    (ws) => {
      const pool = ws.map((w, i) => worker(i + 1, { capacity: w.cap, openTickets: w.open, availability: w.online ? 'online' : 'offline', lastAssignedAt: w.last }));
      const ranked = rankCandidates(pool, req());
      const top = ranked[0];
      const eligible = ranked.filter((c) => c.eligible);
      if (eligible.length === 0) return top === undefined || top.rank === null;
      const topWorker = pool.find((p) => p.workerId === top!.workerId)!;
      return top!.rank === 1 && topWorker.openTickets < topWorker.capacity && eligible.every((c) => c.load >= top!.load);
    },
  ));
  t.pass();
});

test('decision record: rule, candidates with reasons, chosen or queued', (t) => {
  const outcome = evaluateRules([{ id: 4, position: 1, name: 'all to 9', kind: 'route', active: true, match: 'all', conditions: [], actions: { routeToTeam: 9 } }],
    { channel: 'email', priority: null, priorityRank: null, tags: [], language: 'en', organizationId: null, teamId: null, customFields: {}, text: '' });
  const plan = planRouting({ trigger: 'ticket_created', outcome, channel: 'email', candidates: [worker(1), worker(2, { availability: 'offline' })], minShiftMinutesLeft: 30, now: MON_10 });
  t.deepEqual(plan.rule, { id: 4, name: 'all to 9' });
  t.is(plan.requirements.teamId, 9);
  t.deepEqual(plan.candidates.map((c) => [c.workerId, c.eligible, c.reasons]), [[1, true, []], [2, false, ['is offline']]]);
  t.is(finishDecision(plan, 1, []).outcome, 'assigned');
  const queued = finishDecision(plan, null, [{ workerId: 1, reason: 'filled concurrently' }]);
  t.is(queued.outcome, 'queued');
  t.is(queued.chosen, null);
  const none = planRouting({ trigger: 'manual', outcome: { ...outcome, teamId: null }, channel: 'email', candidates: [worker(1)], minShiftMinutesLeft: 30, now: MON_10 });
  t.is(none.outcome, 'no_team');
  t.deepEqual(none.candidates, []);
});

function planFor(candidates: Candidate[], now = MON_10) {
  const outcome = evaluateRules([], { channel: 'email', priority: null, priorityRank: null, tags: [], language: 'en', organizationId: null, teamId: 1, customFields: {}, text: '' });
  return planRouting({ trigger: 'manual', outcome, channel: 'email', candidates, minShiftMinutesLeft: 30, now });
}
