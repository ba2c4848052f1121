import type { Draft } from './draft';
import { escalate } from './escalation';
import { SLA_METRICS, type SlaMetric } from './sla-metric';
import { checkpoint, detectCrossings, finish, isActive, pause, plan, resume, startCycle } from './sla-clock';
import { selectSla } from './sla-select';
import { awaitsTeam } from './status-category';

/** Re-selects the SLA policy for the ticket as it is now and applies it to the open cycles (elapsed time is kept). */
export function reselectSla(draft: Draft): void {
  const { state, policy, now } = draft;
  if (!state.ticket) return;
  const next = selectSla(policy, state.ticket);
  // Settle time so far in the old calendar before switching: past business time is never re-measured.
  for (const metric of SLA_METRICS) checkpoint(state.sla.clocks[metric], state.sla.calendar, now);
  state.sla.policyId = next.policyId;
  state.sla.calendar = next.calendar;
  state.sla.warningPercent = next.warningPercent;
  for (const metric of SLA_METRICS) state.sla.clocks[metric].targetMs = next.targetsMs[metric];
}

export function startMetric(draft: Draft, metric: SlaMetric): void {
  const status = draft.state.ticket?.statusCategory;
  if (status === undefined) return;
  startCycle(draft.state.sla.clocks[metric], draft.now, awaitsTeam(status));
}

export function finishMetric(draft: Draft, metric: SlaMetric): void {
  finish(draft.state.sla.clocks[metric], draft.state.sla.calendar, draft.now);
}

export function isMetricActive(draft: Draft, metric: SlaMetric): boolean {
  return isActive(draft.state.sla.clocks[metric]);
}

/** Clocks run while the ticket waits on the team and pause otherwise; pausing keeps what is left of the target. */
export function syncClocksWithStatus(draft: Draft): void {
  const { state, now } = draft;
  const status = state.ticket?.statusCategory;
  if (status === undefined) return;
  for (const metric of SLA_METRICS) {
    const clock = state.sla.clocks[metric];
    if (awaitsTeam(status)) resume(clock, now);
    else pause(clock, state.sla.calendar, now);
  }
}

export function planClocks(draft: Draft): void {
  const { sla } = draft.state;
  for (const metric of SLA_METRICS) plan(sla.clocks[metric], sla.calendar, sla.warningPercent);
}

/** Records every warning and breach reached by now, and runs their escalation steps. */
export function detectSlaCrossings(draft: Draft): void {
  const { sla } = draft.state;
  for (const metric of SLA_METRICS) {
    const clock = sla.clocks[metric];
    for (const crossing of detectCrossings(clock, sla.warningPercent, draft.now)) {
      if (crossing.kind === 'breach') {
        sla.breaches.push({ metric, cycle: clock.cycle, at: crossing.at, slaPolicyId: sla.policyId });
      }
      escalate(draft, metric, crossing.kind, crossing.at);
    }
  }
}
