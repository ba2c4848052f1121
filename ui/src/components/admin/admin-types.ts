/** Shapes of the admin resources as the public API returns them (gateway/routes/*.routes.ts, core/schemas/*). */
import type { StatusCategory } from '../../api';

export type Versioned = { id: number; version: number; createdAt: string; updatedAt: string };
export type StatusRow = Versioned & { name: string; category: StatusCategory; position: number; color: string; isDefault: boolean; active: boolean };
export type PriorityRow = Versioned & { name: string; rank: number; color: string; isDefault: boolean; active: boolean };
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'single_select', 'multi_select', 'user_ref', 'ticket_ref'] as const;
export type CustomFieldRow = Versioned & { key: string; label: string; type: (typeof CUSTOM_FIELD_TYPES)[number]; options: string[]; required: boolean; active: boolean; position: number };
export type TagRow = { id: number; name: string; color: string; usage: number; createdAt: string; updatedAt: string };
export type TeamRole = 'lead' | 'member';
export type TeamRow = Versioned & { name: string; focus: string; members: Array<{ workerId: number; name: string; role: TeamRole }> };
export const WORKER_ROLES = ['admin', 'supervisor', 'agent'] as const;
export type WorkerRow = Versioned & {
  name: string; email: string; role: (typeof WORKER_ROLES)[number]; allTickets: boolean; active: boolean;
  teams: Array<{ id: number; name: string; role: TeamRole }>;
};
export type WeeklyHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', Array<{ start: string; end: string }>>>;
export type CalendarRow = Versioned & { name: string; timeZone: string; weeklyHours: WeeklyHours; holidays: string[]; inUse: boolean };
export type TemplateRow = Versioned & { name: string; bodyHtml: string; active: boolean; createdBy: number | null };
export type WebhookRow = Versioned & { url: string; description: string; eventTypes: string[]; active: boolean };
export type DeliveryRow = {
  id: number; webhookId: number; event: { id: number; type: string }; status: 'pending' | 'succeeded' | 'failed';
  attemptCount: number; nextAttemptAt: string | null; replayOf: number | null; createdAt: string; completedAt: string | null;
};
export type DeliveryDetail = DeliveryRow & {
  payload: { id: number; type: string; occurredAt: string; data: unknown };
  attempts: Array<{ attempt: number; attemptedAt: string; statusCode: number | null; error: string | null; durationMs: number; responseExcerpt: string | null }>;
};
export type ApiKeyRow = {
  id: number; name: string; prefix: string; role: 'admin' | 'supervisor' | 'agent' | 'plugin'; workerId: number | null; scopes: string[];
  createdBy: number | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null;
};
export type AuditRow = {
  id: number; occurredAt: string; actor: { type: string; id: number | null; via: string; viaId: number | null };
  action: string; entityType: string; entityId: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null;
  diff: Record<string, { from: unknown; to: unknown }>; requestId: string | null; ip: string | null;
};
export type Availability = 'online' | 'away' | 'offline';
export type RoutingProfile = {
  workerId: number; availability: Availability; timeZone: string; languages: string[]; shifts: WeeklyHours | null; capacity: number;
  channelCapacity: Record<string, number>; skills: Array<{ skill: string; level: number }>; version: number;
  effective?: { routable: boolean; onShift?: boolean };
};
export type SecuritySettings = { requireTwoFactor: boolean };

/** The permissions an API key may be scoped to (core/permissions.ts PERMISSIONS). */
export const PERMISSIONS = [
  'tickets:read', 'tickets:read_all', 'tickets:create', 'tickets:update', 'tickets:delete', 'tickets:bulk', 'entries:read',
  'entries:create_public', 'entries:create_customer', 'notes:read', 'notes:create', 'attachments:read', 'attachments:create', 'settings:read',
  'settings:write', 'customers:read', 'customers:write', 'workers:read', 'workers:write', 'team_members:manage',
  'webhooks:manage', 'api_keys:manage', 'audit:read', 'reports:read', 'plugins:manage', 'self',
] as const;
/** Webhook event types (core/ticket.ts EVENT_TYPES) and `*` for all. */
export const EVENT_TYPES = [
  '*', 'ticket.created', 'ticket.updated', 'ticket.deleted', 'status.changed', 'assignee.changed', 'message.created', 'note.created',
  'customer.created', 'customer.updated', 'survey.answered', 'policy.updated', 'lifecycle.notification',
  'ticket.linked', 'ticket.unlinked', 'ticket.merged', 'ticket.split', 'message.delivery_updated',
] as const;

/** Template placeholders shown as examples (kept out of the catalogues, where {{…}} would be interpolated). */
export const PLACEHOLDER_EXAMPLES = '{{customer.first_name}}, {{ticket.number}}, {{agent.name}}';
