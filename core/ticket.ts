/** Status categories drive behaviour (SLA pauses, auto-close); statuses themselves are admin rows. */
export const STATUS_CATEGORIES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

export const ENTRY_KINDS = ['customer_message', 'public_reply', 'internal_note', 'system_event'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Built-in channels plus those of the bundled channel plugins (docs/plugins.md); other plugin channels are free-form. */
export const CHANNELS = ['web', 'email', 'api', 'chat', 'phone', 'sms', 'social', 'portal', 'widget', 'telegram', 'messenger', 'instagram'] as const;

/** Events published to webhooks and, later, the lifecycle engine. Defined once, used everywhere. */
export const EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.deleted',
  'status.changed',
  'assignee.changed',
  'message.created',
  'note.created',
  'customer.created',
  'customer.updated',
  'survey.answered',
  'policy.updated',
  'lifecycle.notification',
  'ticket.linked',
  'ticket.unlinked',
  'ticket.merged',
  'ticket.split',
  'message.delivery_updated', // an outbound reply moved on its channel: queued, sent, delivered, read, failed
  // Knowledge base articles (core/kb.ts KB_ARTICLE_EVENTS; entity type kb_article).
  'kb.article.created',
  'kb.article.updated',
  'kb.article.published',
  'kb.article.unpublished',
  'kb.article.deleted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Which entry kinds a customer may ever see. */
export const CUSTOMER_VISIBLE_KINDS: readonly EntryKind[] = ['customer_message', 'public_reply'];
