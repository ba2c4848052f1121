import type { CancelTimer, StartTimer, TimerName } from '../core/lifecycle/commands';
import { type TimerFired, timerFiredEventId } from '../core/lifecycle/events';
import type { LifecycleState } from '../core/lifecycle/state';

/**
 * The decider's timers as absolute instants. Executing start_timer/cancel_timer only edits this map; the workflow
 * then waits for the earliest instant with one cancellable Temporal timer (`condition` with a timeout), so a moved
 * deadline costs a new wait and never a hunt for the old timer.
 */
export class LifecycleDeadlines {
  private readonly fireAt = new Map<TimerName, number>();

  constructor(live: LifecycleState['timers']) {
    for (const [name, timer] of Object.entries(live) as [TimerName, { fireAt: number } | undefined][]) {
      if (timer) this.fireAt.set(name, timer.fireAt);
    }
  }

  apply(command: StartTimer | CancelTimer): void {
    if (command.type === 'start_timer') this.fireAt.set(command.name, command.fireAt);
    else this.fireAt.delete(command.name);
  }

  /**
   * Fire events for every deadline due at `now`, earliest first. A fire the decider already saw is skipped: feeding
   * it again would be dropped as a duplicate and leave the deadline due forever (a busy loop).
   */
  due(now: number, alreadyDecided: (eventId: string) => boolean): TimerFired[] {
    return [...this.fireAt]
      .filter(([name, at]) => at <= now && !alreadyDecided(timerFiredEventId(name, at)))
      .sort(([a, atA], [b, atB]) => atA - atB || (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, at]) => ({ type: 'timer_fired', id: timerFiredEventId(name, at), at: now, name }));
  }

  /** The earliest deadline after `now`, or null when nothing is scheduled. */
  nextAfter(now: number): number | null {
    let next: number | null = null;
    for (const at of this.fireAt.values()) if (at > now && (next === null || at < next)) next = at;
    return next;
  }
}
