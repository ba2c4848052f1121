/**
 * Retry policy: the first attempt runs at once; after failed attempt n the next one waits schedule[n-1].
 * When the schedule is used up the delivery fails (it can still be replayed by hand).
 */
export function nextRetryDelayMs(schedule: readonly number[], failedAttempts: number): number | null {
  return schedule[failedAttempts - 1] ?? null;
}

/** Attempts a delivery gets in total: the first plus one per schedule entry. */
export const maxAttempts = (schedule: readonly number[]) => schedule.length + 1;

/** How long after the first attempt the last retry runs: how long a receiver may be down without losing events. */
export const retryWindowMs = (schedule: readonly number[]) => schedule.reduce((sum, ms) => sum + ms, 0);
