import test from 'ava';
import { DEFAULT_POLICY } from '../../../core/lifecycle/default-policy';
import { LifecycleError } from '../../../core/lifecycle/lifecycle-error';
import { parsePolicy } from '../../../core/lifecycle/policy.schema';
import { SCENARIO_POLICY } from '../../../core/lifecycle/scenario-kit';
import { SCENARIO_POLICY_V2 } from '../../../core/lifecycle/scenarios';

const minimal = {
  version: 3,
  calendar: { timeZone: 'Europe/Berlin', weeklyHours: { 1: [{ start: '09:00', end: '17:00' }] } },
};

test('the default and scenario policies are valid documents and parse to themselves', (t) => {
  for (const policy of [DEFAULT_POLICY, SCENARIO_POLICY, SCENARIO_POLICY_V2]) t.deepEqual(parsePolicy(policy), policy);
});

test('a minimal document is completed with defaults', (t) => {
  const policy = parsePolicy(minimal);
  t.deepEqual(policy.priorities, ['low', 'normal', 'high', 'urgent']);
  t.is(policy.sla.warningPercent, 75);
  t.deepEqual(policy.sla.policies, []);
  t.deepEqual(policy.calendar.holidays, []);
  t.deepEqual(policy.pending, { reminderAfterHours: 48, maxReminders: 2, reminderTemplate: 'pending_reminder', autoSolveAfterDays: 7 });
  t.deepEqual(policy.solved, { autoCloseAfterDays: 4, reopenWindowDays: 4 });
  t.deepEqual(policy.survey, { enabled: true, delayHours: 24 });
  t.deepEqual(policy.customerNotifications, {});
  t.is(policy.agentAlerts.lowCsatAtOrBelow, 2);
});

test('an SLA policy gets business hours, no conditions and no escalations by default', (t) => {
  const policy = parsePolicy({ ...minimal, sla: { policies: [{ id: 'all', targets: { first_response: 60 } }] } });
  t.like(policy.sla.policies[0], { id: 'all', when: {}, hours: 'business', escalations: [] });
});

type Invalid = { title: string; patch: Record<string, unknown>; path: string; message: RegExp };

const invalid: Invalid[] = [
  { title: 'missing version', patch: { version: undefined }, path: 'version', message: /number/i },
  { title: 'version zero', patch: { version: 0 }, path: 'version', message: /positive integer/ },
  {
    title: 'unknown time zone',
    patch: { calendar: { ...minimal.calendar, timeZone: 'Europe/Atlantis' } },
    path: 'calendar.timeZone',
    message: /unknown IANA time zone "Europe\/Atlantis"/,
  },
  {
    title: 'badly written time',
    patch: { calendar: { ...minimal.calendar, weeklyHours: { 1: [{ start: '9:00', end: '17:00' }] } } },
    path: 'calendar.weeklyHours.1[0].start',
    message: /HH:MM/,
  },
  {
    title: 'empty window',
    patch: { calendar: { ...minimal.calendar, weeklyHours: { 2: [{ start: '10:00', end: '10:00' }] } } },
    path: 'calendar.weeklyHours.2[0].end',
    message: /must differ/,
  },
  {
    title: 'weekday outside 1..7',
    patch: { calendar: { ...minimal.calendar, weeklyHours: { 0: [{ start: '09:00', end: '17:00' }] } } },
    path: 'calendar.weeklyHours',
    message: /Unrecognized key/,
  },
  {
    title: 'no business hours at all',
    patch: { calendar: { timeZone: 'UTC', weeklyHours: { 1: [] } } },
    path: 'calendar.weeklyHours',
    message: /no business hours/,
  },
  {
    title: 'badly written holiday',
    patch: { calendar: { ...minimal.calendar, holidays: ['25/12/2025'] } },
    path: 'calendar.holidays[0]',
    message: /YYYY-MM-DD/,
  },
  { title: 'warning percent out of range', patch: { sla: { warningPercent: 100 } }, path: 'sla.warningPercent', message: /between 1 and 99/ },
  {
    title: 'SLA policy without targets',
    patch: { sla: { policies: [{ id: 'x', targets: {} }] } },
    path: 'sla.policies[0].targets',
    message: /at least one target/,
  },
  {
    title: 'fractional target',
    patch: { sla: { policies: [{ id: 'x', targets: { resolution: 1.5 } }] } },
    path: 'sla.policies[0].targets.resolution',
    message: /whole minutes/,
  },
  {
    title: 'duplicate SLA ids',
    patch: { sla: { policies: [{ id: 'x', targets: { resolution: 5 } }, { id: 'x', targets: { resolution: 6 } }] } },
    path: 'sla.policies[1].id',
    message: /duplicate SLA policy id "x"/,
  },
  {
    title: 'condition on an unknown priority',
    patch: { sla: { policies: [{ id: 'x', when: { priorities: ['critical'] }, targets: { resolution: 5 } }] } },
    path: 'sla.policies[0].when.priorities',
    message: /unknown priority "critical"/,
  },
  {
    title: 'empty condition list',
    patch: { sla: { policies: [{ id: 'x', when: { tagsAny: [] }, targets: { resolution: 5 } }] } },
    path: 'sla.policies[0].when.tagsAny',
    message: /at least one tag/,
  },
  {
    title: 'unknown escalation action',
    patch: { sla: { policies: [{ id: 'x', targets: { resolution: 5 }, escalations: [{ on: 'breach', actions: [{ type: 'page_ceo' }] }] }] } },
    path: 'sla.policies[0].escalations[0].actions[0].type',
    message: /unknown escalation action; expected one of notify_assignee/,
  },
  {
    title: 'escalation without actions',
    patch: { sla: { policies: [{ id: 'x', targets: { resolution: 5 }, escalations: [{ on: 'breach', actions: [] }] }] } },
    path: 'sla.policies[0].escalations[0].actions',
    message: /at least one action/,
  },
  {
    title: 'escalation on a metric without target',
    patch: {
      sla: { policies: [{ id: 'x', targets: { resolution: 5 }, escalations: [{ on: 'warning', metrics: ['first_response'], actions: [{ type: 'notify_assignee' }] }] }] },
    },
    path: 'sla.policies[0].escalations[0].metrics',
    message: /no first_response target/,
  },
  {
    title: 'raise to an unknown priority',
    patch: { sla: { policies: [{ id: 'x', targets: { resolution: 5 }, escalations: [{ on: 'breach', actions: [{ type: 'raise_priority', to: 'p0' }] }] }] } },
    path: 'sla.policies[0].escalations[0].actions[0].to',
    message: /unknown priority "p0"/,
  },
  {
    title: 'reassign without a team',
    patch: { sla: { policies: [{ id: 'x', targets: { resolution: 5 }, escalations: [{ on: 'breach', actions: [{ type: 'reassign_team' }] }] }] } },
    path: 'sla.policies[0].escalations[0].actions[0].teamId',
    message: /expected string/i,
  },
  { title: 'duplicate priorities', patch: { priorities: ['low', 'low'] }, path: 'priorities', message: /unique/ },
  { title: 'negative survey delay', patch: { survey: { delayHours: -1 } }, path: 'survey.delayHours', message: /cannot be negative/ },
  { title: 'zero auto-close', patch: { solved: { autoCloseAfterDays: 0 } }, path: 'solved.autoCloseAfterDays', message: /greater than zero \(or null to disable\)/ },
  { title: 'notification for an unknown status', patch: { customerNotifications: { escalated: { template: 'x' } } }, path: 'customerNotifications', message: /Unrecognized key/ },
  { title: 'typo in a section', patch: { pending: { remindAfterHours: 3 } }, path: 'pending', message: /Unrecognized key: "remindAfterHours"/ },
];

for (const c of invalid) {
  test(`rejects ${c.title} with a clear message`, (t) => {
    const error = t.throws(() => parsePolicy({ ...minimal, ...c.patch }), { instanceOf: LifecycleError });
    t.is(error?.code, 'invalid_policy');
    const issue = error?.issues.find((i) => i.path === c.path);
    t.truthy(issue, `expected an issue at ${c.path}, got ${JSON.stringify(error?.issues)}`);
    t.regex(issue?.message ?? '', c.message);
    t.true(error?.message.includes(c.path));
  });
}

test('all problems are reported at once', (t) => {
  const error = t.throws(() => parsePolicy({ version: -1, calendar: { timeZone: 'Nowhere', weeklyHours: {} } }), { instanceOf: LifecycleError });
  t.deepEqual(error?.issues.map((i) => i.path).sort(), ['calendar.timeZone', 'calendar.weeklyHours', 'version']);
});

test('a non-object is rejected at the root', (t) => {
  const error = t.throws(() => parsePolicy('nope'), { instanceOf: LifecycleError });
  t.is(error?.issues[0]?.path, '(root)');
});
