import { calendar247 } from './business-time';
import type { Calendar } from './calendar.schema';
import type { TicketSnapshot } from './events';
import type { Policy, SlaConditions, SlaPolicy } from './policy.schema';
import { SLA_METRICS, type SlaMetric } from './sla-metric';

/** The part of the policy that shapes the SLA clocks of one ticket right now. */
export type EffectiveSla = {
  policyId: string | null;
  calendar: Calendar;
  warningPercent: number;
  targetsMs: Record<SlaMetric, number | null>;
};

const MINUTE_MS = 60_000;

const anyOf = (wanted: readonly string[] | undefined, value: string | null): boolean =>
  wanted === undefined || (value !== null && wanted.includes(value));

export function conditionsMatch(when: SlaConditions, ticket: TicketSnapshot): boolean {
  const tags = new Set(ticket.tags);
  return (
    anyOf(when.priorities, ticket.priority) &&
    anyOf(when.teamIds, ticket.teamId) &&
    anyOf(when.organizationIds, ticket.organizationId) &&
    anyOf(when.channels, ticket.channel) &&
    (when.tagsAny === undefined || when.tagsAny.some((t) => tags.has(t))) &&
    (when.tagsAll === undefined || when.tagsAll.every((t) => tags.has(t))) &&
    (when.tagsNone === undefined || !when.tagsNone.some((t) => tags.has(t)))
  );
}

/** First matching SLA policy wins; none matching means the ticket has no SLA targets. */
export function findSlaPolicy(policy: Policy, ticket: TicketSnapshot): SlaPolicy | null {
  return policy.sla.policies.find((sla) => conditionsMatch(sla.when, ticket)) ?? null;
}

export function selectSla(policy: Policy, ticket: TicketSnapshot): EffectiveSla {
  const sla = findSlaPolicy(policy, ticket);
  const targetsMs = Object.fromEntries(
    SLA_METRICS.map((m) => {
      const minutes = sla?.targets[m];
      return [m, minutes === undefined ? null : minutes * MINUTE_MS];
    }),
  ) as Record<SlaMetric, number | null>;
  return {
    policyId: sla?.id ?? null,
    calendar: sla?.hours === 'calendar' ? calendar247(policy.calendar.timeZone) : policy.calendar,
    warningPercent: policy.sla.warningPercent,
    targetsMs,
  };
}
