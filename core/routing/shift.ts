import { IANAZone } from 'luxon';
import { addDays, businessSpansOn, civilDateOf, compileCalendar } from '../lifecycle/business-day';
import type { Calendar } from '../lifecycle/calendar.schema';

const MINUTE_MS = 60_000;
/** Enough look-ahead for any "minutes left" threshold; a shift running longer is reported as this many days. */
const MAX_DAYS = 8;

/**
 * Minutes left in the shift covering `now`, following the shift across midnight; null when `now` is off shift.
 * Shifts are lifecycle calendars (weekly hours in the worker's zone, holidays off), so DST and overnight windows
 * behave exactly like SLA business hours.
 */
export function shiftMinutesLeft(shift: Calendar, now: number): number | null {
  const zone: IANAZone = compileCalendar(shift).zone;
  let date = civilDateOf(zone, now);
  // Spans are clipped to local days: find the one covering `now`, then extend it while the next one touches it.
  const first = businessSpansOn(shift, date).find((s) => s.start <= now && now < s.end);
  if (!first) return null;
  let end = first.end;
  for (let day = 1; day < MAX_DAYS; day += 1) {
    date = addDays(date, 1);
    const next = businessSpansOn(shift, date).find((s) => s.start <= end && s.end > end);
    if (!next) break;
    end = next.end;
  }
  return Math.floor((end - now) / MINUTE_MS);
}

/**
 * The shift routing applies to a worker for one team: their own weekly hours in their zone (the team calendar's
 * holidays still apply), else the team calendar; null means always on.
 */
export function effectiveShift(own: { timeZone: string; shifts: Calendar['weeklyHours'] | null }, teamCalendar: Calendar | null): Calendar | null {
  if (own.shifts) return { timeZone: own.timeZone, weeklyHours: own.shifts, holidays: teamCalendar?.holidays ?? [] };
  return teamCalendar;
}

/** True when the shift began within (since, now]: off at `since`, on at `now`. Always-on never "starts". */
export function shiftStartedBetween(shift: Calendar | null, since: number, now: number): boolean {
  if (shift === null || since >= now) return false;
  return shiftMinutesLeft(shift, since) === null && shiftMinutesLeft(shift, now) !== null;
}
