import type { ActivityName } from './commands';
import type { StatusCategory } from '../ticket';

/** Every event type the decider understands; defined once so shells and the gateway never spell them by hand. */
export const LIFECYCLE_EVENT_TYPES = [
  'ticket_opened',
  'customer_message',
  'agent_public_reply',
  'internal_note',
  'status_changed',
  'priority_changed',
  'assignee_changed',
  'team_changed',
  'tags_changed',
  'timer_fired',
  'activity_result',
  'survey_answered',
  'policy_updated',
] as const;

export type LifecycleEventType = (typeof LIFECYCLE_EVENT_TYPES)[number];

/** What the lifecycle needs to know about a ticket; the snapshot is kept current by the change events. */
export type TicketSnapshot = {
  id: string;
  statusCategory: StatusCategory;
  priority: string;
  teamId: string | null;
  organizationId: string | null;
  channel: string;
  tags: string[];
  assigneeId?: string | null;
};

/** `id` makes redelivery harmless; `at` is the only source of time (epoch ms) the decider ever sees. */
type Base<T extends LifecycleEventType> = { type: T; id: string; at: number };

export type TicketOpened = Base<'ticket_opened'> & { ticket: TicketSnapshot };
export type CustomerMessage = Base<'customer_message'>;
export type AgentPublicReply = Base<'agent_public_reply'>;
export type InternalNote = Base<'internal_note'>;
export type StatusChanged = Base<'status_changed'> & { to: StatusCategory };
export type PriorityChanged = Base<'priority_changed'> & { to: string };
export type AssigneeChanged = Base<'assignee_changed'> & { to: string | null };
export type TeamChanged = Base<'team_changed'> & { to: string | null };
/** Not in the first event list: SLA conditions match on tags, so tag edits must reach the decider. */
export type TagsChanged = Base<'tags_changed'> & { tags: string[] };
export type TimerFired = Base<'timer_fired'> & { name: string };
export type ActivityResult = Base<'activity_result'> & {
  name: ActivityName;
  idempotencyKey: string;
  ok: boolean;
  result?: unknown;
  error?: string;
};
export type SurveyAnswered = Base<'survey_answered'> & { rating: 1 | 2 | 3 | 4 | 5; comment: string | null };
export type PolicyUpdated = Base<'policy_updated'> & { version: number };

export type LifecycleEvent =
  | TicketOpened
  | CustomerMessage
  | AgentPublicReply
  | InternalNote
  | StatusChanged
  | PriorityChanged
  | AssigneeChanged
  | TeamChanged
  | TagsChanged
  | TimerFired
  | ActivityResult
  | SurveyAnswered
  | PolicyUpdated;

/**
 * Suggested id for the event an engine feeds back when a timer fires, so a redelivered
 * fire is dropped as a duplicate rather than applied twice.
 */
export function timerFiredEventId(name: string, fireAt: number): string {
  return `timer:${name}:${fireAt}`;
}
