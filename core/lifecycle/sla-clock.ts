import { addBusinessMs, businessMsBetween } from './business-time';
import type { Calendar } from './calendar.schema';
import type { SlaClock } from './state';

/** Operations on one SLA clock. They mutate the clock passed in (always a draft's private copy). */

export function isActive(clock: SlaClock): boolean {
  return clock.phase === 'running' || clock.phase === 'paused';
}

/** Opens a new cycle: fresh elapsed time, and a warning and breach may fire again. */
export function startCycle(clock: SlaClock, now: number, running: boolean): void {
  Object.assign(clock, {
    phase: running ? 'running' : 'paused',
    cycle: clock.cycle + 1,
    startedAt: now,
    elapsedMs: 0,
    runningSince: running ? now : null,
    pausedAt: running ? null : now,
    dueAt: null,
    warnAt: null,
    warnedAt: null,
    breachedAt: null,
    doneAt: null,
  } satisfies Partial<SlaClock>);
}

/** Folds business time since `runningSince` into `elapsedMs`, so the calendar or target can change safely. */
export function checkpoint(clock: SlaClock, calendar: Calendar, now: number): void {
  if (clock.phase !== 'running' || clock.runningSince === null) return;
  clock.elapsedMs += Math.max(0, businessMsBetween(calendar, clock.runningSince, now));
  clock.runningSince = Math.max(clock.runningSince, now);
}

export function pause(clock: SlaClock, calendar: Calendar, now: number): void {
  if (clock.phase !== 'running') return;
  checkpoint(clock, calendar, now);
  Object.assign(clock, { phase: 'paused', runningSince: null, pausedAt: now, dueAt: null, warnAt: null } satisfies Partial<SlaClock>);
}

export function resume(clock: SlaClock, now: number): void {
  if (clock.phase !== 'paused') return;
  Object.assign(clock, { phase: 'running', runningSince: now, pausedAt: null } satisfies Partial<SlaClock>);
}

/** Ends the cycle (fulfilled by a reply, or the ticket closed). */
export function finish(clock: SlaClock, calendar: Calendar, now: number): void {
  if (!isActive(clock)) return;
  checkpoint(clock, calendar, now);
  Object.assign(clock, {
    phase: 'done',
    runningSince: null,
    pausedAt: null,
    dueAt: null,
    warnAt: null,
    doneAt: now,
  } satisfies Partial<SlaClock>);
}

export function warningThresholdMs(targetMs: number, warningPercent: number): number {
  return Math.floor((targetMs * warningPercent) / 100);
}

/** Recomputes the deadline and warning instants of a running clock from what is left of its target. */
export function plan(clock: SlaClock, calendar: Calendar, warningPercent: number): void {
  if (clock.phase !== 'running' || clock.runningSince === null || clock.targetMs === null) {
    clock.dueAt = null;
    clock.warnAt = null;
    return;
  }
  const from = clock.runningSince;
  clock.dueAt = addBusinessMs(calendar, from, Math.max(0, clock.targetMs - clock.elapsedMs));
  const threshold = warningThresholdMs(clock.targetMs, warningPercent);
  clock.warnAt =
    clock.warnedAt === null && clock.breachedAt === null
      ? addBusinessMs(calendar, from, Math.max(0, threshold - clock.elapsedMs))
      : null;
}

export type Crossing = { kind: 'warning' | 'breach'; at: number };

/**
 * Marks the warning and breach this cycle has reached by `now`, each at most once, with its exact instant.
 * A deadline counts as breached from its first millisecond. Running clocks cross at their planned instants;
 * a paused clock can only cross when its target shrank (policy or priority change), which happens `now`.
 * When both are reached together only the breach is reported: a late warning is noise.
 */
export function detectCrossings(clock: SlaClock, warningPercent: number, now: number): Crossing[] {
  if (!isActive(clock) || clock.targetMs === null || clock.breachedAt !== null) return [];
  let warnAt: number | null = null;
  let dueAt: number | null = null;
  if (clock.phase === 'running') {
    warnAt = clock.warnAt !== null && clock.warnAt <= now ? clock.warnAt : null;
    dueAt = clock.dueAt !== null && clock.dueAt <= now ? clock.dueAt : null;
  } else {
    warnAt = clock.elapsedMs >= warningThresholdMs(clock.targetMs, warningPercent) ? now : null;
    dueAt = clock.elapsedMs >= clock.targetMs ? now : null;
  }
  if (dueAt !== null) {
    clock.warnedAt ??= warnAt ?? dueAt;
    clock.breachedAt = dueAt;
    clock.warnAt = null;
    return [{ kind: 'breach', at: dueAt }];
  }
  if (warnAt !== null && clock.warnedAt === null) {
    clock.warnedAt = warnAt;
    clock.warnAt = null;
    return [{ kind: 'warning', at: warnAt }];
  }
  return [];
}
