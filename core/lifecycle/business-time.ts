import type { Calendar } from './calendar.schema';
import { type CivilDate, addDays, businessSpansOn, civilDateOf, compileCalendar } from './business-day';
import { LifecycleError } from './lifecycle-error';

export type { Calendar } from './calendar.schema';

const ALL_DAY = [{ start: '00:00', end: '24:00' }];

/** A calendar where every moment counts: business time equals elapsed real time. */
export function calendar247(timeZone = 'UTC'): Calendar {
  return {
    timeZone,
    weeklyHours: { 1: ALL_DAY, 2: ALL_DAY, 3: ALL_DAY, 4: ALL_DAY, 5: ALL_DAY, 6: ALL_DAY, 7: ALL_DAY },
    holidays: [],
  };
}

function assertDuration(ms: number, what: string): void {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new LifecycleError('invalid_duration', `${what} must be a finite, non-negative number of ms, got ${ms}`);
  }
}

function assertInstant(ms: number, what: string): void {
  if (!Number.isFinite(ms)) throw new LifecycleError('invalid_duration', `${what} must be a finite epoch ms, got ${ms}`);
}

/**
 * The instant at which `businessMs` of business time has passed since `fromEpochMs`.
 * Zero returns `fromEpochMs` unchanged, even outside business hours.
 */
export function addBusinessMs(calendar: Calendar, fromEpochMs: number, businessMs: number): number {
  assertInstant(fromEpochMs, 'fromEpochMs');
  assertDuration(businessMs, 'businessMs');
  const compiled = compileCalendar(calendar);
  if (businessMs === 0) return fromEpochMs;
  if (compiled.alwaysOpen) return fromEpochMs + businessMs;
  // Weekly hours always recur, so a run of empty days longer than a week plus every holiday means a bug.
  const maxEmptyDays = calendar.holidays.length + 8;
  let remaining = businessMs;
  let emptyDays = 0;
  for (let date = civilDateOf(compiled.zone, fromEpochMs); ; date = addDays(date, 1)) {
    const spans = businessSpansOn(calendar, date);
    emptyDays = spans.length === 0 ? emptyDays + 1 : 0;
    if (emptyDays > maxEmptyDays) {
      throw new LifecycleError('calendar_without_hours', `no business hours found within ${maxEmptyDays} days`);
    }
    for (const span of spans) {
      if (span.end <= fromEpochMs) continue;
      const start = Math.max(span.start, fromEpochMs);
      const available = span.end - start;
      if (available >= remaining) return start + remaining;
      remaining -= available;
    }
  }
}

/** Business milliseconds in [fromMs, toMs); negative when `toMs` is before `fromMs`. */
export function businessMsBetween(calendar: Calendar, fromMs: number, toMs: number): number {
  assertInstant(fromMs, 'fromMs');
  assertInstant(toMs, 'toMs');
  const compiled = compileCalendar(calendar);
  if (toMs < fromMs) return -businessMsBetween(calendar, toMs, fromMs);
  if (compiled.alwaysOpen) return toMs - fromMs;
  const { zone } = compiled;
  // Compare civil dates numerically: around a DST fold at midnight the local date can step backwards.
  const key = (d: CivilDate) => d.year * 10_000 + d.month * 100 + d.day;
  const a = civilDateOf(zone, fromMs);
  const b = civilDateOf(zone, toMs);
  const [first, last] = key(a) <= key(b) ? [a, b] : [b, a];
  let total = 0;
  for (let date = first; key(date) <= key(last); date = addDays(date, 1)) {
    for (const span of businessSpansOn(calendar, date)) {
      const start = Math.max(span.start, fromMs);
      const end = Math.min(span.end, toMs);
      if (end > start) total += end - start;
    }
  }
  return total;
}
