import type { EscalationKind, SlaMetric } from './sla-metric';
import type { StatusCategory } from '../ticket';

export const ACTIVITY_NAMES = [
  'notify_assignee',
  'notify_team_lead',
  'notify_channel',
  'raise_priority',
  'reassign_team',
  'add_tag',
  'fire_webhook',
  'notify_customer',
  'alert_agent',
  'deliver_survey',
  'set_status',
] as const;

export type ActivityName = (typeof ACTIVITY_NAMES)[number];

/** Why an escalation activity runs; enough for a message without reading the ticket's lifecycle. */
export type EscalationContext = {
  slaPolicyId: string;
  metric: SlaMetric;
  kind: EscalationKind;
  cycle: number;
  /** The exact moment the threshold was crossed. */
  crossedAt: number;
};

export type AgentAlertReason = 'customer_reply' | 'assigned' | 'reopened' | 'low_csat';
export type StatusChangeReason = 'customer_reply' | 'auto_solve' | 'auto_close';

/** One object parameter per activity (Temporal guidance), JSON only. */
export type ActivityInputs = {
  notify_assignee: { ticketId: string; assigneeId: string | null; teamId: string | null; template: string | null; escalation: EscalationContext };
  notify_team_lead: { ticketId: string; teamId: string | null; template: string | null; escalation: EscalationContext };
  notify_channel: { ticketId: string; destination: string; template: string | null; escalation: EscalationContext };
  raise_priority: { ticketId: string; from: string; to: string; escalation: EscalationContext };
  reassign_team: { ticketId: string; from: string | null; to: string; escalation: EscalationContext };
  add_tag: { ticketId: string; tag: string; escalation: EscalationContext };
  fire_webhook: { ticketId: string; webhookId: string; escalation: EscalationContext };
  notify_customer: {
    ticketId: string;
    channel: string;
    template: string;
    reason: 'status' | 'reminder';
    statusCategory: StatusCategory;
    reminderNumber: number | null;
  };
  alert_agent: { ticketId: string; assigneeId: string | null; teamId: string | null; reason: AgentAlertReason; rating: number | null };
  deliver_survey: { ticketId: string; channel: string; resolution: number };
  /** Compare-and-set: the activity should only move the ticket if it is still in `from`. */
  set_status: { ticketId: string; from: StatusCategory; to: StatusCategory; reason: StatusChangeReason };
};

export type TimerName =
  | `sla.${SlaMetric}.${EscalationKind}`
  | 'pending.reminder'
  | 'pending.auto_solve'
  | 'solved.auto_close'
  | 'survey.deliver';

export function slaTimerName(metric: SlaMetric, kind: EscalationKind): TimerName {
  return `sla.${metric}.${kind}`;
}

/** Starting a timer whose name is already live replaces it (graphile-worker job_key semantics). */
export type StartTimer = { type: 'start_timer'; name: TimerName; fireAt: number };
export type CancelTimer = { type: 'cancel_timer'; name: TimerName };
export type RunActivity = {
  [N in ActivityName]: { type: 'run_activity'; name: N; input: ActivityInputs[N]; idempotencyKey: string };
}[ActivityName];

export type LifecycleCommand = StartTimer | CancelTimer | RunActivity;

/**
 * Same ticket, event and purpose → same key, so an engine that re-runs a decision
 * (crash before commit, workflow replay) never sends twice. Parts are escaped so they cannot collide.
 */
export function idempotencyKey(ticketId: string, eventId: string, purpose: string): string {
  return ['lifecycle', ticketId, eventId, purpose].map(encodeURIComponent).join(':');
}
