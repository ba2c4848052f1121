/** The SLA metrics and threshold kinds, kept free of zod so the decider's runtime imports stay small. */
export const SLA_METRICS = ['first_response', 'next_response', 'periodic_update', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

export const ESCALATION_KINDS = ['warning', 'breach'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];
