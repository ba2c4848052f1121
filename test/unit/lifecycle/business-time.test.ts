import test from 'ava';
import fc from 'fast-check';
import { type Calendar, addBusinessMs, businessMsBetween, calendar247 } from '../../../core/lifecycle/business-time';
import { LifecycleError, type LifecycleErrorCode } from '../../../core/lifecycle/lifecycle-error';

const MIN = 60_000;
const H = 60 * MIN;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

const office = [{ start: '09:00', end: '17:00' }];
const weekdays = (windows: Calendar['weeklyHours'][1], timeZone: string, holidays: string[] = []): Calendar => ({
  timeZone,
  weeklyHours: { 1: windows, 2: windows, 3: windows, 4: windows, 5: windows },
  holidays,
});
const everyDay = (windows: Calendar['weeklyHours'][1], timeZone: string, holidays: string[] = []): Calendar => ({
  timeZone,
  weeklyHours: { 1: windows, 2: windows, 3: windows, 4: windows, 5: windows, 6: windows, 7: windows },
  holidays,
});

const berlinOffice = weekdays(office, 'Europe/Berlin', ['2025-12-25', '2025-12-26']);
const newYorkOffice = weekdays(office, 'America/New_York');
const wholeDays = (timeZone: string) => everyDay([{ start: '00:00', end: '24:00' }], timeZone);

type AddCase = { title: string; calendar: Calendar; from: string; add: number; expected: string };

const addCases: AddCase[] = [
  { title: 'within one business day', calendar: berlinOffice, from: '2025-03-03T09:00:00Z', add: 2 * H, expected: '2025-03-03T11:00:00.000Z' },
  { title: 'before opening starts at opening', calendar: berlinOffice, from: '2025-03-03T05:00:00Z', add: 30 * MIN, expected: '2025-03-03T08:30:00.000Z' },
  { title: 'rolls over the evening', calendar: berlinOffice, from: '2025-03-03T15:00:00Z', add: 2 * H, expected: '2025-03-04T09:00:00.000Z' },
  { title: 'skips the weekend', calendar: berlinOffice, from: '2025-02-28T15:00:00Z', add: 2 * H, expected: '2025-03-03T09:00:00.000Z' },
  { title: 'exact end of a window stays in that window', calendar: berlinOffice, from: '2025-03-03T08:00:00Z', add: 8 * H, expected: '2025-03-03T16:00:00.000Z' },
  { title: 'skips holidays (Christmas + Boxing Day, then weekend)', calendar: berlinOffice, from: '2025-12-24T15:00:00Z', add: 2 * H, expected: '2025-12-29T09:00:00.000Z' },
  // Friday 16:00 CET → Monday 10:00 CEST: the offset changes over the weekend (30 March 2025).
  { title: 'Berlin spring forward weekend', calendar: berlinOffice, from: '2025-03-28T15:00:00Z', add: 2 * H, expected: '2025-03-31T08:00:00.000Z' },
  // Friday 16:00 CEST → Monday 10:00 CET (26 October 2025).
  { title: 'Berlin autumn back weekend', calendar: berlinOffice, from: '2025-10-24T14:00:00Z', add: 2 * H, expected: '2025-10-27T09:00:00.000Z' },
  // New York moves on 9 March and 2 November 2025.
  { title: 'New York spring forward weekend', calendar: newYorkOffice, from: '2025-03-07T21:00:00Z', add: 2 * H, expected: '2025-03-10T14:00:00.000Z' },
  { title: 'New York autumn back weekend', calendar: newYorkOffice, from: '2025-10-31T20:00:00Z', add: 2 * H, expected: '2025-11-03T15:00:00.000Z' },
  // Whole-day calendars: 24 business hours after midnight is the next local midnight, 23 or 25 real hours later.
  { title: 'Berlin 23-hour day', calendar: wholeDays('Europe/Berlin'), from: '2025-03-29T23:00:00Z', add: 23 * H, expected: '2025-03-30T22:00:00.000Z' },
  { title: 'Berlin 25-hour day', calendar: wholeDays('Europe/Berlin'), from: '2025-10-25T22:00:00Z', add: 25 * H, expected: '2025-10-26T23:00:00.000Z' },
  { title: 'half-hour zone (Kolkata, +05:30)', calendar: weekdays(office, 'Asia/Kolkata'), from: '2025-03-03T03:00:00Z', add: 90 * MIN, expected: '2025-03-03T05:00:00.000Z' },
  { title: 'quarter-hour zone (Kathmandu, +05:45)', calendar: weekdays(office, 'Asia/Kathmandu'), from: '2025-03-03T00:00:00Z', add: 15 * MIN, expected: '2025-03-03T03:30:00.000Z' },
  { title: 'zero returns the start even outside hours', calendar: berlinOffice, from: '2025-03-01T12:00:00Z', add: 0, expected: '2025-03-01T12:00:00.000Z' },
  { title: '24/7 helper is plain addition', calendar: calendar247('America/New_York'), from: '2025-03-08T12:00:00Z', add: 36 * H, expected: '2025-03-10T00:00:00.000Z' },
];

for (const c of addCases) {
  test(`addBusinessMs: ${c.title}`, (t) => {
    const due = addBusinessMs(c.calendar, at(c.from), c.add);
    t.is(iso(due), c.expected);
    t.is(businessMsBetween(c.calendar, at(c.from), due), c.add, 'between() inverts add()');
  });
}

type BetweenCase = { title: string; calendar: Calendar; from: string; to: string; expected: number };

const sundayOnly = (windows: Calendar['weeklyHours'][7]): Calendar => ({ timeZone: 'Europe/Berlin', weeklyHours: { 7: windows }, holidays: [] });
const nySundayOnly = (windows: Calendar['weeklyHours'][7]): Calendar => ({ timeZone: 'America/New_York', weeklyHours: { 7: windows }, holidays: [] });

const betweenCases: BetweenCase[] = [
  { title: 'a whole week of office hours', calendar: berlinOffice, from: '2025-03-02T00:00:00Z', to: '2025-03-09T00:00:00Z', expected: 40 * H },
  { title: 'Christmas week loses two days', calendar: berlinOffice, from: '2025-12-21T00:00:00Z', to: '2025-12-28T00:00:00Z', expected: 24 * H },
  { title: 'reversed span is negative', calendar: berlinOffice, from: '2025-03-04T00:00:00Z', to: '2025-03-03T00:00:00Z', expected: -8 * H },
  { title: 'empty span', calendar: berlinOffice, from: '2025-03-03T10:00:00Z', to: '2025-03-03T10:00:00Z', expected: 0 },
  // 01:00–04:00 local on the spring-forward Sunday is two real hours (02:00–03:00 does not exist).
  { title: 'Berlin window across the spring gap', calendar: sundayOnly([{ start: '01:00', end: '04:00' }]), from: '2025-03-29T00:00:00Z', to: '2025-03-31T00:00:00Z', expected: 2 * H },
  // …and four real hours on the autumn Sunday (02:00–03:00 happens twice).
  { title: 'Berlin window across the autumn fold', calendar: sundayOnly([{ start: '01:00', end: '04:00' }]), from: '2025-10-25T00:00:00Z', to: '2025-10-27T00:00:00Z', expected: 4 * H },
  // A window starting inside the gap starts when the clock jumps to 03:00.
  { title: 'Berlin window starting inside the gap', calendar: sundayOnly([{ start: '02:30', end: '04:00' }]), from: '2025-03-29T00:00:00Z', to: '2025-03-31T00:00:00Z', expected: 1 * H },
  { title: 'New York window across the spring gap', calendar: nySundayOnly([{ start: '00:00', end: '12:00' }]), from: '2025-03-08T00:00:00Z', to: '2025-03-11T00:00:00Z', expected: 11 * H },
  { title: 'New York window across the autumn fold', calendar: nySundayOnly([{ start: '00:00', end: '12:00' }]), from: '2025-11-01T00:00:00Z', to: '2025-11-04T00:00:00Z', expected: 13 * H },
  // Overnight: Monday 22:00 → Tuesday 06:00 counts 8 hours, split over two local days.
  { title: 'overnight window', calendar: { timeZone: 'UTC', weeklyHours: { 1: [{ start: '22:00', end: '06:00' }] }, holidays: [] }, from: '2025-03-03T00:00:00Z', to: '2025-03-05T00:00:00Z', expected: 8 * H },
  { title: 'overnight window clipped by a holiday on its second day', calendar: { timeZone: 'UTC', weeklyHours: { 1: [{ start: '22:00', end: '06:00' }] }, holidays: ['2025-03-04'] }, from: '2025-03-03T00:00:00Z', to: '2025-03-05T00:00:00Z', expected: 2 * H },
  { title: 'Sunday overnight spills into Monday', calendar: { timeZone: 'UTC', weeklyHours: { 7: [{ start: '20:00', end: '02:00' }] }, holidays: [] }, from: '2025-03-03T00:00:00Z', to: '2025-03-03T12:00:00Z', expected: 2 * H },
  { title: 'overlapping windows never count twice', calendar: weekdays([{ start: '09:00', end: '13:00' }, { start: '12:00', end: '17:00' }], 'UTC'), from: '2025-03-03T00:00:00Z', to: '2025-03-04T00:00:00Z', expected: 8 * H },
  { title: 'split shift', calendar: weekdays([{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }], 'UTC'), from: '2025-03-03T11:00:00Z', to: '2025-03-03T14:00:00Z', expected: 2 * H },
  // A holiday is a local date: 1 January in Tokyo starts at 15:00 UTC on 31 December.
  { title: 'holiday is local to the calendar zone', calendar: everyDay([{ start: '00:00', end: '24:00' }], 'Asia/Tokyo', ['2025-01-01']), from: '2024-12-31T12:00:00Z', to: '2025-01-01T18:00:00Z', expected: 6 * H },
  { title: 'end at 24:00', calendar: weekdays([{ start: '20:00', end: '24:00' }], 'UTC'), from: '2025-03-03T00:00:00Z', to: '2025-03-04T00:00:00Z', expected: 4 * H },
];

for (const c of betweenCases) {
  test(`businessMsBetween: ${c.title}`, (t) => {
    t.is(businessMsBetween(c.calendar, at(c.from), at(c.to)), c.expected);
  });
}

test('Berlin and New York office calendars disagree on the same instant', (t) => {
  const monday1500Z = at('2025-03-03T15:00:00Z'); // 16:00 Berlin, 10:00 New York
  t.is(iso(addBusinessMs(berlinOffice, monday1500Z, 2 * H)), '2025-03-04T09:00:00.000Z');
  t.is(iso(addBusinessMs(newYorkOffice, monday1500Z, 2 * H)), '2025-03-03T17:00:00.000Z');
});

test('between the spring and autumn changes a whole-day calendar counts real time', (t) => {
  for (const zone of ['Europe/Berlin', 'America/New_York']) {
    const from = at('2025-03-01T00:00:00Z');
    const to = at('2025-11-30T00:00:00Z');
    t.is(businessMsBetween(wholeDays(zone), from, to), to - from, zone);
  }
});

test('a calendar with no hours raises a typed error instead of looping', (t) => {
  const empty: Calendar = { timeZone: 'Europe/Berlin', weeklyHours: { 1: [], 6: [] }, holidays: [] };
  for (const call of [() => addBusinessMs(empty, 0, H), () => businessMsBetween(empty, 0, H)]) {
    const error = t.throws(call, { instanceOf: LifecycleError });
    t.is(error?.code, 'calendar_without_hours');
  }
});

test('bad inputs raise typed errors', (t) => {
  const cases: Array<[() => unknown, LifecycleErrorCode]> = [
    [() => addBusinessMs({ ...berlinOffice, timeZone: 'Mars/Olympus' }, 0, H), 'invalid_time_zone'],
    [() => addBusinessMs(weekdays([{ start: '9:00', end: '17:00' }], 'UTC'), 0, H), 'invalid_calendar'],
    [() => addBusinessMs(weekdays([{ start: '10:00', end: '10:00' }], 'UTC'), 0, H), 'invalid_calendar'],
    [() => addBusinessMs(berlinOffice, 0, -1), 'invalid_duration'],
    [() => addBusinessMs(berlinOffice, Number.NaN, 1), 'invalid_duration'],
    [() => businessMsBetween(berlinOffice, 0, Number.POSITIVE_INFINITY), 'invalid_duration'],
  ];
  for (const [call, code] of cases) t.is(t.throws(call, { instanceOf: LifecycleError })?.code, code);
});

test('holidays covering months still terminate', (t) => {
  const holidays = Array.from({ length: 120 }, (_, i) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10));
  const calendar = weekdays(office, 'UTC', holidays);
  t.is(iso(addBusinessMs(calendar, at('2025-01-01T00:00:00Z'), H)), '2025-05-01T10:00:00.000Z');
});

const calendars: Calendar[] = [
  berlinOffice,
  newYorkOffice,
  weekdays([{ start: '08:00', end: '12:00' }, { start: '13:30', end: '18:00' }], 'Asia/Kolkata', ['2025-01-26']),
  everyDay([{ start: '22:00', end: '02:30' }], 'America/New_York', ['2025-11-02']),
  everyDay([{ start: '01:30', end: '03:30' }], 'Europe/Berlin'),
  calendar247('Australia/Lord_Howe'),
];
const calendarArb = fc.constantFrom(...calendars);
const instantArb = fc.integer({ min: at('2024-10-01T00:00:00Z'), max: at('2026-04-30T00:00:00Z') });
const durationArb = fc.integer({ min: 0, max: 120 * H });

test('property: between() inverts add()', (t) => {
  fc.assert(
    fc.property(calendarArb, instantArb, durationArb, (calendar, from, ms) => {
      const due = addBusinessMs(calendar, from, ms);
      return due >= from && businessMsBetween(calendar, from, due) === ms;
    }),
  );
  t.pass();
});

test('property: add() is monotonic in start and duration', (t) => {
  fc.assert(
    fc.property(calendarArb, instantArb, fc.nat(72 * H), durationArb, fc.nat(10 * H), (calendar, from, later, ms, more) => {
      return (
        addBusinessMs(calendar, from + later, ms) >= addBusinessMs(calendar, from, ms) &&
        addBusinessMs(calendar, from, ms + more) >= addBusinessMs(calendar, from, ms)
      );
    }),
  );
  t.pass();
});

test('property: between() is additive and bounded by real time', (t) => {
  fc.assert(
    fc.property(calendarArb, instantArb, fc.nat(96 * H), fc.nat(96 * H), (calendar, a, d1, d2) => {
      const b = a + d1;
      const c = b + d2;
      const ab = businessMsBetween(calendar, a, b);
      return ab + businessMsBetween(calendar, b, c) === businessMsBetween(calendar, a, c) && ab >= 0 && ab <= d1;
    }),
  );
  t.pass();
});

test('property: splitting a duration at any point lands on the same deadline', (t) => {
  fc.assert(
    fc.property(calendarArb, instantArb, durationArb, durationArb, (calendar, from, x, y) => {
      fc.pre(x > 0 && y > 0);
      const midway = addBusinessMs(calendar, from, x);
      return addBusinessMs(calendar, midway, y) === addBusinessMs(calendar, from, x + y);
    }),
  );
  t.pass();
});

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const windowArb = fc
  .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
  .filter(([s, e]) => s !== e)
  .map(([s, e]) => ({ start: hhmm(s), end: hhmm(e) }));
const randomCalendarArb: fc.Arbitrary<Calendar> = fc
  .record({
    timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns'),
    days: fc.array(fc.array(windowArb, { maxLength: 3 }), { minLength: 7, maxLength: 7 }),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 30 }),
  })
  .filter(({ days }) => days.some((d) => d.length > 0))
  .map(({ timeZone, days, holidays }) => ({
    timeZone,
    weeklyHours: { 1: days[0], 2: days[1], 3: days[2], 4: days[3], 5: days[4], 6: days[5], 7: days[6] },
    holidays: holidays.map((d) => new Date(at('2024-12-01T00:00:00Z') + d * 24 * H).toISOString().slice(0, 10)),
  }));

test('property: random calendars (overnight, overlapping, holidays, DST zones) stay consistent', (t) => {
  fc.assert(
    fc.property(randomCalendarArb, instantArb, fc.integer({ min: 1, max: 60 * H }), fc.integer({ min: 1, max: 60 * H }), (calendar, from, x, y) => {
      const midway = addBusinessMs(calendar, from, x);
      const end = addBusinessMs(calendar, midway, y);
      return (
        midway > from &&
        businessMsBetween(calendar, from, midway) === x &&
        end === addBusinessMs(calendar, from, x + y) &&
        businessMsBetween(calendar, from, end) === x + y
      );
    }),
    { numRuns: 300 },
  );
  t.pass();
});
