import test from 'ava';
import type { Calendar } from '../../../core/lifecycle/business-time';
import { type MetricsEntry, type MetricsStatusChange, computeTicketMetrics } from '../../../core/metrics/ticket-metrics';
import type { StatusCategory } from '../../../core/ticket';

const MIN = 60_000;
const H = 60 * MIN;
const at = (iso: string) => Date.parse(iso);

// Mon–Fri 09:00–17:00 UTC; 2025-03-03 is a Monday.
const office: Calendar = {
  timeZone: 'UTC',
  weeklyHours: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '09:00', end: '17:00' }]])),
  holidays: [],
};

let nextId = 1;
const customer = (iso: string): MetricsEntry => ({ id: nextId++, kind: 'customer_message', authorType: 'customer', authorId: 7, at: at(iso) });
const reply = (iso: string, workerId = 10): MetricsEntry => ({ id: nextId++, kind: 'public_reply', authorType: 'worker', authorId: workerId, at: at(iso) });
const note = (iso: string, workerId = 10): MetricsEntry => ({ id: nextId++, kind: 'internal_note', authorType: 'worker', authorId: workerId, at: at(iso) });
const system = (iso: string): MetricsEntry => ({ id: nextId++, kind: 'system_event', authorType: 'system', authorId: null, at: at(iso) });
const status = (category: StatusCategory, iso: string, workerId: number | null = null): MetricsStatusChange => ({ id: nextId++, category, at: at(iso), workerId });

test('first response and reply times: customer message to the next agent public reply', (t) => {
  const m = computeTicketMetrics({
    calendar: null,
    statusHistory: [status('new', '2025-03-03T10:00:00Z')],
    entries: [
      customer('2025-03-03T10:00:00Z'),
      reply('2025-03-03T10:30:00Z', 10), // 30 min
      customer('2025-03-03T11:00:00Z'),
      customer('2025-03-03T11:20:00Z'), // still waiting since 11:00
      reply('2025-03-03T12:00:00Z', 11), // 60 min, measured from the oldest unanswered message
      reply('2025-03-03T12:05:00Z', 11), // follow-up: nothing was waiting, no reply time
    ],
  });
  t.is(m.firstResponseMs, 30 * MIN);
  t.is(m.firstResponderId, 10);
  t.is(m.firstRespondedAt, at('2025-03-03T10:30:00Z'));
  t.deepEqual(m.replies.map((r) => [r.ms, r.workerId]), [[30 * MIN, 10], [60 * MIN, 11]]);
  t.is(m.replyTimeAvgMs, 45 * MIN);
  t.is(m.replyTimeMaxMs, 60 * MIN);
  t.is(m.agentReplies, 3);
  t.is(m.customerMessages, 3);
  t.is(m.firstResponseBusinessMs, null, 'no calendar, no business variants');
  t.is(m.replyTimeAvgBusinessMs, null);
});

test('internal notes and system events are not responses and do not restart the wait', (t) => {
  const m = computeTicketMetrics({
    calendar: null,
    statusHistory: [status('new', '2025-03-03T10:00:00Z')],
    entries: [
      customer('2025-03-03T10:00:00Z'),
      note('2025-03-03T10:05:00Z'),
      system('2025-03-03T10:06:00Z'),
      { id: nextId++, kind: 'public_reply', authorType: 'system', authorId: null, at: at('2025-03-03T10:07:00Z') },
      { id: nextId++, kind: 'public_reply', authorType: 'plugin', authorId: 3, at: at('2025-03-03T10:08:00Z') },
      reply('2025-03-03T11:00:00Z', 12),
    ],
  });
  t.is(m.firstResponseMs, H);
  t.is(m.firstResponderId, 12);
  t.is(m.agentReplies, 1);
  t.is(m.replies.length, 1);
});

test('no customer message or no reply yet: response metrics are null, not zero', (t) => {
  const outbound = computeTicketMetrics({
    calendar: office,
    statusHistory: [status('open', '2025-03-03T10:00:00Z')],
    entries: [reply('2025-03-03T10:00:00Z')],
  });
  t.is(outbound.firstResponseMs, null);
  t.is(outbound.agentReplies, 1);
  t.is(outbound.replyTimeAvgMs, null);
  const unanswered = computeTicketMetrics({ calendar: office, statusHistory: [status('new', '2025-03-03T10:00:00Z')], entries: [customer('2025-03-03T10:00:00Z')] });
  t.is(unanswered.firstResponseMs, null);
  t.is(unanswered.firstResponseBusinessMs, null);
  t.is(unanswered.replyTimeMaxMs, null);
  t.is(unanswered.firstResolutionMs, null);
  t.false(unanswered.solved);
});

test('business reply time skips nights and weekends', (t) => {
  const m = computeTicketMetrics({
    calendar: office,
    statusHistory: [status('new', '2025-03-07T16:00:00Z')],
    entries: [
      customer('2025-03-07T16:00:00Z'), // Friday 16:00
      reply('2025-03-10T10:00:00Z'), // Monday 10:00: 1 h Friday + 1 h Monday
      customer('2025-03-10T18:00:00Z'), // Monday after hours
      reply('2025-03-10T19:00:00Z'), // answered after hours: 0 business ms
    ],
  });
  t.is(m.firstResponseMs, 66 * H);
  t.is(m.firstResponseBusinessMs, 2 * H);
  t.deepEqual(m.replies.map((r) => r.businessMs), [2 * H, 0]);
  t.is(m.replyTimeAvgBusinessMs, H);
  t.is(m.replyTimeMaxBusinessMs, 2 * H);
  t.is(m.replyTimeMaxMs, 66 * H);
});

test('resolution: open to first solve and to last solve, reopens counted, solved→closed is not a new solve', (t) => {
  const m = computeTicketMetrics({
    calendar: office,
    statusHistory: [
      status('new', '2025-03-03T09:00:00Z'),
      status('open', '2025-03-03T10:00:00Z'),
      status('solved', '2025-03-03T12:00:00Z'), // first solve: 3 h
      status('open', '2025-03-03T14:00:00Z'), // reopen 1
      status('solved', '2025-03-04T10:00:00Z', 21), // last solve, by worker 21
      status('closed', '2025-03-05T10:00:00Z'), // closed by the system: still solved by 21
    ],
    entries: [],
  });
  t.is(m.firstSolvedAt, at('2025-03-03T12:00:00Z'));
  t.is(m.lastSolvedAt, at('2025-03-04T10:00:00Z'));
  t.is(m.firstResolutionMs, 3 * H);
  t.is(m.fullResolutionMs, 25 * H);
  t.is(m.reopens, 1);
  t.true(m.solved);
  t.is(m.solvedById, 21);
  t.is(m.firstResolutionBusinessMs, 3 * H);
  // Working business time: 09–12 (3 h) + 14–17 (3 h) + Tue 09–10 (1 h); the solved 12–14 gap does not count.
  t.is(m.fullResolutionBusinessMs, 7 * H);
});

test('pending and on-hold pause business resolution time but not calendar time', (t) => {
  const m = computeTicketMetrics({
    calendar: office,
    statusHistory: [
      status('open', '2025-03-03T09:00:00Z'),
      status('pending', '2025-03-03T10:00:00Z'), // paused 10–13
      status('open', '2025-03-03T13:00:00Z'),
      status('on_hold', '2025-03-03T14:00:00Z'), // paused 14–Tue 11
      status('open', '2025-03-04T11:00:00Z'),
      status('solved', '2025-03-04T12:00:00Z'),
    ],
    entries: [],
  });
  t.is(m.firstResolutionMs, 27 * H);
  t.is(m.firstResolutionBusinessMs, 3 * H); // 09–10, 13–14, Tue 11–12
  t.is(m.fullResolutionBusinessMs, 3 * H);
  t.is(m.reopens, 0);
});

test('a reopened ticket that is not solved now has a first resolution but no full resolution', (t) => {
  const m = computeTicketMetrics({
    calendar: null,
    statusHistory: [
      status('new', '2025-03-03T09:00:00Z'),
      status('closed', '2025-03-03T09:30:00Z'),
      status('pending', '2025-03-03T11:00:00Z'),
      status('solved', '2025-03-03T12:00:00Z', 5),
      status('new', '2025-03-03T13:00:00Z'),
    ],
    entries: [],
  });
  t.is(m.firstResolutionMs, 30 * MIN);
  t.is(m.lastSolvedAt, at('2025-03-03T12:00:00Z'));
  t.is(m.fullResolutionMs, null);
  t.is(m.fullResolutionBusinessMs, null);
  t.is(m.reopens, 2);
  t.false(m.solved);
  t.is(m.solvedById, null, 'reopened: nobody solved it');
});

test('input order does not matter; equal timestamps fall back to id order', (t) => {
  const c = customer('2025-03-03T10:00:00Z');
  const r = reply('2025-03-03T10:00:00Z');
  const later = customer('2025-03-03T10:10:00Z');
  const answer = reply('2025-03-03T10:40:00Z');
  const history = [status('new', '2025-03-03T10:00:00Z'), status('solved', '2025-03-03T11:00:00Z')];
  const forward = computeTicketMetrics({ calendar: office, statusHistory: history, entries: [c, r, later, answer] });
  const shuffled = computeTicketMetrics({ calendar: office, statusHistory: [...history].reverse(), entries: [answer, later, r, c] });
  t.deepEqual(shuffled, forward);
  t.deepEqual(forward.replies.map((x) => x.ms), [0, 30 * MIN]);
  t.is(forward.replyTimeAvgMs, 15 * MIN);
});

test('openedAt is the first status change; an empty history yields nulls and zeros', (t) => {
  const empty = computeTicketMetrics({ calendar: office, statusHistory: [], entries: [] });
  t.is(empty.openedAt, null);
  t.is(empty.reopens, 0);
  t.is(empty.agentReplies, 0);
  t.is(empty.firstResolutionMs, null);
  t.false(empty.solved);
});
