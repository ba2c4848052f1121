/** API shapes the ticket page reads (checked against gateway/routes/*.ts and core/schemas/*.ts). */
import type { Entry, Ticket } from '../../api';

export type TicketDetail = Ticket & {
  customFields?: Record<string, unknown>;
  channel: string;
  language: string;
  /** Added by issue 5 (B1); absent on older servers. */
  sla?: { nextDeadlineAt: string | null; breached: boolean } | null;
};

export type AttachmentRef = { id: number; filename: string; contentType: string; size: number };
/** Outbound delivery of a reply on a plugin or email channel (null on other entries). */
export type Delivery = { state: 'queued' | 'sent' | 'delivered' | 'read' | 'failed'; plugin: string; error: { code: string | null; message: string | null } | null };
export type EntryView = Entry & { ticketId: number; channel: string; attachments: AttachmentRef[]; mentions?: number[]; delivery?: Delivery | null };

export type Attachment = AttachmentRef & { contentUrl: string };

export type Worker = { id: number; name: string; email: string; role: string; active: boolean };
export type Team = { id: number; name: string };
export type TagInfo = { id: number; name: string; color: string };
export type Customer = {
  id: number; name: string; email: string | null; phone: string | null; language: string;
  organization: { id: number; name: string } | null;
};
export type Organization = { id: number; name: string; domains: string[]; notes: string };

export type CustomFieldType = 'text' | 'number' | 'date' | 'boolean' | 'single_select' | 'multi_select' | 'user_ref' | 'ticket_ref';
export type CustomField = { id: number; key: string; label: string; type: CustomFieldType; options: string[]; required: boolean; active: boolean; position: number };

export type ResponseTemplate = { id: number; name: string; bodyHtml: string; active: boolean };
export type Macro = { id: number; name: string; scope: 'personal' | 'shared'; active: boolean; replyHtml: string | null; replyKind: ComposerKind };
export type ComposerKind = 'public_reply' | 'internal_note';

export type LinkKind = 'related' | 'duplicate' | 'parent' | 'child' | 'merged_into' | 'merged_from';
export type TicketLink = { id: number; kind: LinkKind; ticket: { id: number; number: number; subject: string; status: { name: string; category: string } }; createdAt: string };

export type Presence = { workerId: number; name: string; state: 'viewing' | 'replying'; since: string };
export type CollisionEntry = { id: number; kind: string; author: { type: string; id: number | null }; createdAt: string };

export type SlaClock = { metric: string; phase: string; dueAt: string | null; breachedAt: string | null; doneAt: string | null; targetMinutes: number | null };
export type LifecycleView = {
  started: boolean;
  lifecycle: null | {
    sla: { paused: boolean; nextDeadline: { metric: string; at: string | null } | null; breachedMetrics: string[]; clocks: SlaClock[] };
  };
  history: { data: Array<{ id: number; type: string; at: string | null; appliedAt: string }>; nextCursor: string | null };
};
export type RoutingDecisionRow = {
  id: number; trigger: string; outcome: string; teamId: number | null; chosenWorkerId: number | null; createdAt: string;
  decision: { rule: { id: number; name: string } | null; candidates: Array<{ workerId: number; eligible: boolean; reasons: string[] }> };
};
