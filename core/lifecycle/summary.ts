import { SLA_METRICS, type SlaMetric } from './sla-metric';
import type { LifecycleState, LifecycleSummary } from './state';

export function summarize(state: LifecycleState): LifecycleSummary {
  const { clocks } = state.sla;
  let nextDeadline: LifecycleSummary['nextDeadline'] = null;
  const breachedMetrics: SlaMetric[] = [];
  for (const metric of SLA_METRICS) {
    const clock = clocks[metric];
    if (clock.breachedAt !== null && clock.phase !== 'idle') breachedMetrics.push(metric);
    if (clock.phase === 'running' && clock.breachedAt === null && clock.dueAt !== null) {
      if (nextDeadline === null || clock.dueAt < nextDeadline.at) nextDeadline = { metric, at: clock.dueAt };
    }
  }
  const fireTimes = Object.values(state.timers).map((t) => t.fireAt);
  return {
    statusCategory: state.ticket?.statusCategory ?? null,
    policyVersion: state.policyVersion,
    slaPolicyId: state.sla.policyId,
    nextDeadline,
    slaPaused: SLA_METRICS.some((m) => clocks[m].phase === 'paused' && clocks[m].targetMs !== null),
    breachedMetrics,
    breachCount: state.sla.breaches.length,
    nextTimerAt: fireTimes.length > 0 ? Math.min(...fireTimes) : null,
  };
}
