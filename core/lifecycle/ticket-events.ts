import { STATUS_CATEGORIES, type EventType, type StatusCategory } from '../ticket';
import type { LifecycleEvent, TicketSnapshot } from './events';
import { priorityKey } from './policy-compile';

/**
 * Maps the gateway's domain events (outbox rows, `core/ticket.ts` EVENT_TYPES) to lifecycle events.
 * Pure: the outbox row carries everything but the requester's organization, which the caller looks up.
 * Event ids derive from the outbox id, so feeding the same row twice is dropped by the decider.
 */

export type OutboxRecord = { id: number; eventType: EventType | string; occurredAt: number; payload: unknown };
export type MappingContext = { organizationId: number | null };

/** The parts of the gateway's ticket view (services/tickets/ticket.view.ts) the lifecycle reads. */
type TicketViewLike = {
  id: number;
  assigneeId: number | null;
  teamId: number | null;
  status: { category: string };
  priority: { name: string };
  tags: string[];
  channel: string;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const idOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const asId = (v: number | null): string | null => (v === null ? null : String(v));
const isCategory = (v: unknown): v is StatusCategory => typeof v === 'string' && (STATUS_CATEGORIES as readonly string[]).includes(v);

function ticketView(v: unknown): TicketViewLike | null {
  if (!isObject(v) || typeof v.id !== 'number' || !isObject(v.status) || !isObject(v.priority)) return null;
  if (typeof v.priority.name !== 'string' || !isCategory(v.status.category)) return null;
  return {
    id: v.id,
    assigneeId: idOrNull(v.assigneeId),
    teamId: idOrNull(v.teamId),
    status: { category: v.status.category },
    priority: { name: v.priority.name },
    tags: Array.isArray(v.tags) ? v.tags.filter((t): t is string => typeof t === 'string') : [],
    channel: typeof v.channel === 'string' ? v.channel : 'web',
  };
}

export function ticketSnapshot(view: TicketViewLike, ctx: MappingContext): TicketSnapshot {
  return {
    id: String(view.id),
    statusCategory: view.status.category as StatusCategory,
    priority: priorityKey(view.priority.name),
    teamId: asId(view.teamId),
    organizationId: asId(ctx.organizationId),
    channel: view.channel,
    tags: [...view.tags],
    assigneeId: asId(view.assigneeId),
  };
}

const sameTags = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** One outbox row → the lifecycle events it means for its ticket (often none). */
export function lifecycleEventsFor(record: OutboxRecord, ctx: MappingContext): LifecycleEvent[] {
  const id = `outbox:${record.id}`;
  const at = record.occurredAt;
  const p = isObject(record.payload) ? record.payload : {};
  switch (record.eventType) {
    case 'ticket.created': {
      const view = ticketView(p.ticket);
      return view ? [{ type: 'ticket_opened', id, at, ticket: ticketSnapshot(view, ctx) }] : [];
    }
    case 'message.created': {
      const kind = isObject(p.entry) ? p.entry.kind : undefined;
      if (kind === 'customer_message') return [{ type: 'customer_message', id, at }];
      if (kind === 'public_reply') return [{ type: 'agent_public_reply', id, at }];
      return []; // system entries are not conversation
    }
    case 'note.created':
      return [{ type: 'internal_note', id, at }];
    case 'status.changed': {
      const to = isObject(p.to) ? p.to.category : undefined;
      return isCategory(to) ? [{ type: 'status_changed', id, at, to }] : [];
    }
    case 'ticket.updated': {
      // Status and assignee also have their own events; status is taken from status.changed, the rest from here.
      const after = ticketView(p.ticket);
      const before = ticketView(p.previous);
      if (!after || !before) return [];
      const events: LifecycleEvent[] = [];
      if (priorityKey(after.priority.name) !== priorityKey(before.priority.name)) {
        events.push({ type: 'priority_changed', id: `${id}:priority`, at, to: priorityKey(after.priority.name) });
      }
      if (after.teamId !== before.teamId) events.push({ type: 'team_changed', id: `${id}:team`, at, to: asId(after.teamId) });
      if (!sameTags(after.tags, before.tags)) events.push({ type: 'tags_changed', id: `${id}:tags`, at, tags: [...after.tags] });
      if (after.assigneeId !== before.assigneeId) events.push({ type: 'assignee_changed', id: `${id}:assignee`, at, to: asId(after.assigneeId) });
      return events;
    }
    case 'survey.answered': {
      const s = isObject(p.survey) ? p.survey : {};
      const rating = s.rating;
      if (rating !== 1 && rating !== 2 && rating !== 3 && rating !== 4 && rating !== 5) return [];
      return [{ type: 'survey_answered', id, at, rating, comment: typeof s.comment === 'string' ? s.comment : null }];
    }
    default:
      return [];
  }
}

/** Outbox rows about a ticket whose events matter to its lifecycle (the feed skips the rest cheaply). */
export const LIFECYCLE_SOURCE_EVENTS: readonly EventType[] = [
  'ticket.created', 'ticket.updated', 'status.changed', 'message.created', 'note.created', 'survey.answered',
];
