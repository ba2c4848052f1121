import { IANAZone } from 'luxon';
import type { Calendar, IsoWeekday } from './calendar.schema';
import { LifecycleError } from './lifecycle-error';

/** Half-open span of epoch milliseconds. */
export type Span = { start: number; end: number };

/** A civil (zone-less) date; arithmetic on it goes through Date.UTC, which never reads the clock. */
export type CivilDate = { year: number; month: number; day: number };

type CompiledCalendar = {
  zone: IANAZone;
  /** Index 1..7: windows as [startMinute, endMinute]; an overnight window has end > 1440. */
  windows: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  holidays: ReadonlySet<string>;
  /** True when every minute of every day is business time and nothing is a holiday. */
  alwaysOpen: boolean;
};

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

function parseMinutes(hhmm: string, field: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!(minutes >= 0 && minutes <= 1440)) {
    throw new LifecycleError('invalid_calendar', `${field} must be HH:MM between 00:00 and 24:00, got ${JSON.stringify(hhmm)}`);
  }
  return minutes;
}

// Compiling is cheap but happens on every call; memoise per calendar object (pure, so safe in a workflow).
const compiledCache = new WeakMap<Calendar, CompiledCalendar>();

/** Validates a calendar (also ones built in code, not parsed by zod) and precomputes its windows. */
export function compileCalendar(calendar: Calendar): CompiledCalendar {
  const cached = compiledCache.get(calendar);
  if (cached) return cached;
  if (!IANAZone.isValidZone(calendar.timeZone)) {
    throw new LifecycleError('invalid_time_zone', `unknown IANA time zone ${JSON.stringify(calendar.timeZone)}`);
  }
  const windows: Array<Array<readonly [number, number]>> = [[]];
  let total = 0;
  let fullDays = 0;
  for (const weekday of WEEKDAYS) {
    const list = (calendar.weeklyHours[weekday] ?? []).map(({ start, end }) => {
      const s = parseMinutes(start, `weeklyHours.${weekday}.start`);
      const e = parseMinutes(end, `weeklyHours.${weekday}.end`);
      if (s === e || s === 1440) {
        throw new LifecycleError('invalid_calendar', `weeklyHours.${weekday}: window ${start}-${end} is empty`);
      }
      // An end before the start runs past midnight into the next day.
      return [s, e > s ? e : e + 1440] as const;
    });
    total += list.length;
    if (list.some(([s, e]) => s === 0 && e >= 1440)) fullDays += 1;
    windows.push(list);
  }
  if (total === 0) {
    throw new LifecycleError('calendar_without_hours', 'calendar has no business hours on any weekday');
  }
  const compiled: CompiledCalendar = {
    zone: IANAZone.create(calendar.timeZone),
    windows,
    holidays: new Set(calendar.holidays),
    alwaysOpen: fullDays === 7 && calendar.holidays.length === 0,
  };
  compiledCache.set(calendar, compiled);
  return compiled;
}

export function civilDateOf(zone: IANAZone, epochMs: number): CivilDate {
  const wall = new Date(epochMs + zone.offset(epochMs) * MINUTE_MS);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function isoWeekday(date: CivilDate): IsoWeekday {
  const sundayBased = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return (((sundayBased + 6) % 7) + 1) as IsoWeekday;
}

function isoDate(date: CivilDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/**
 * The first instant whose wall-clock time in `zone` is at or after `minutes` past local midnight of `date`.
 * A wall time skipped by a DST jump maps to the moment of the jump; a repeated one to its first occurrence.
 */
export function wallTimeToEpoch(zone: IANAZone, date: CivilDate, minutes: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  const before = zone.offset(wall - DAY_MS);
  const after = zone.offset(wall + DAY_MS);
  const candidates = [wall - before * MINUTE_MS, wall - after * MINUTE_MS]
    .filter((t) => t + zone.offset(t) * MINUTE_MS === wall)
    .sort((a, b) => a - b);
  if (candidates[0] !== undefined) return candidates[0];
  // In a DST gap: binary-search the transition between the two candidate instants.
  let lo = wall - after * MINUTE_MS;
  let hi = wall - before * MINUTE_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid + zone.offset(mid) * MINUTE_MS >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

// Day spans are recomputed for every clock on every event; memoise by calendar content and date.
const spanCache = new Map<string, readonly Span[]>();
const SPAN_CACHE_LIMIT = 20_000;
const calendarKeys = new WeakMap<Calendar, string>();

function calendarKey(calendar: Calendar): string {
  let key = calendarKeys.get(calendar);
  if (key === undefined) {
    key = JSON.stringify([calendar.timeZone, calendar.weeklyHours, calendar.holidays]);
    calendarKeys.set(calendar, key);
  }
  return key;
}

/** Sorted, disjoint business spans falling on local `date` (overnight windows from the day before included). */
export function businessSpansOn(calendar: Calendar, date: CivilDate): readonly Span[] {
  const compiled = compileCalendar(calendar);
  const key = `${calendarKey(calendar)}|${isoDate(date)}`;
  const cached = spanCache.get(key);
  if (cached) return cached;
  const spans = computeSpans(compiled, date);
  if (spanCache.size >= SPAN_CACHE_LIMIT) spanCache.clear();
  spanCache.set(key, spans);
  return spans;
}

function computeSpans(compiled: CompiledCalendar, date: CivilDate): readonly Span[] {
  if (compiled.holidays.has(isoDate(date))) return [];
  const { zone } = compiled;
  const dayStart = wallTimeToEpoch(zone, date, 0);
  const dayEnd = wallTimeToEpoch(zone, date, 1440);
  const yesterday = addDays(date, -1);
  const raw: Span[] = [];
  for (const [s, e] of compiled.windows[isoWeekday(date)] ?? []) {
    raw.push({ start: wallTimeToEpoch(zone, date, s), end: wallTimeToEpoch(zone, date, e) });
  }
  for (const [s, e] of compiled.windows[isoWeekday(yesterday)] ?? []) {
    if (e > 1440) raw.push({ start: wallTimeToEpoch(zone, yesterday, s), end: wallTimeToEpoch(zone, yesterday, e) });
  }
  // Clip to this local day so days never overlap, then merge overlapping windows so nothing counts twice.
  const clipped = raw
    .map((span) => ({ start: Math.max(span.start, dayStart), end: Math.min(span.end, dayEnd) }))
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of clipped) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}
