import type { StatusCategory, Ticket } from '../../api';
import type { Sla } from '../SlaBadge';

/** The list sorts GET /tickets accepts (core TICKET_SORTS plus the SLA sort of issue 5). */
export const SORTS = ['-priority', 'priority', 'slaDue', '-slaDue', '-updatedAt', 'updatedAt', '-createdAt', 'createdAt'] as const;
export type TicketSort = (typeof SORTS)[number];
export const SLA_FILTERS = ['breached', 'due_soon', 'ok', 'none'] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];
export const CHANNELS = ['web', 'email', 'api', 'chat', 'phone', 'sms', 'social', 'portal', 'widget'] as const;
export const UNRESOLVED: StatusCategory[] = ['new', 'open', 'pending', 'on_hold'];

/** Exactly the list filters of GET /tickets, as a saved view stores them. */
export type ViewFilters = {
  status?: number[];
  statusCategory?: StatusCategory[];
  priority?: number[];
  assignee?: 'me' | 'none' | number;
  team?: 'none' | number;
  tag?: string[];
  channel?: string;
  customFields?: Record<string, string | number | boolean>;
  sla?: SlaFilter;
  q?: string;
};

export type SavedView = {
  id: number;
  name: string;
  scope: 'personal' | 'shared';
  ownerId: number | null;
  filters: ViewFilters;
  sort: TicketSort;
  position: number;
  createdAt: string;
  updatedAt: string;
};
export type ViewCount = { viewId: number; count: number; capped?: boolean };

/** A ticket in the queue: the list response plus the issue 5 SLA summary (absent on servers without it). */
export type QueueTicket = Ticket & { sla?: Sla | null; channel?: string };

/** What the queue shows: a saved view (or the built-in "all"), its filters as possibly changed, a sort. */
export type QueueState = { viewId: number | 'all'; filters: ViewFilters; sort: TicketSort };
export const DEFAULT_STATE: QueueState = { viewId: 'all', filters: {}, sort: '-updatedAt' };

/** Drop empty values so "no filter" has one spelling (and saved views compare equal). */
export function cleanFilters(f: ViewFilters): ViewFilters {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as ViewFilters;
}

/** Filters and sort as the GET /tickets (and /tickets/count) query string. */
export function ticketParams(filters: ViewFilters, sort?: TicketSort): URLSearchParams {
  const p = new URLSearchParams();
  const f = cleanFilters(filters);
  if (f.status) p.set('status', f.status.join(','));
  if (f.statusCategory) p.set('statusCategory', f.statusCategory.join(','));
  if (f.priority) p.set('priority', f.priority.join(','));
  if (f.assignee !== undefined) p.set('assignee', String(f.assignee));
  if (f.team !== undefined) p.set('team', String(f.team));
  if (f.tag) p.set('tag', f.tag.join(','));
  if (f.channel) p.set('channel', f.channel);
  for (const [key, value] of Object.entries(f.customFields ?? {})) p.set(`cf.${key}`, String(value));
  if (f.sla) p.set('sla', f.sla);
  if (f.q) p.set('q', f.q);
  if (sort) p.set('sort', sort);
  return p;
}

/** Order-insensitive equality of two filter sets (a view is "modified" when they differ). */
export function sameFilters(a: ViewFilters, b: ViewFilters): boolean {
  return ticketParams(a).toString() === ticketParams(b).toString();
}

/** Quick filters: one click sets (or clears) one filter on top of the others. */
export const QUICK_FILTERS = {
  mine: { key: 'assignee', value: 'me' },
  unassigned: { key: 'assignee', value: 'none' },
  breached: { key: 'sla', value: 'breached' },
} as const;
export type QuickFilter = keyof typeof QUICK_FILTERS;

export function isQuickOn(f: ViewFilters, q: QuickFilter): boolean {
  const { key, value } = QUICK_FILTERS[q];
  return f[key] === value;
}

export function toggleQuick(f: ViewFilters, q: QuickFilter): ViewFilters {
  const { key, value } = QUICK_FILTERS[q];
  return cleanFilters({ ...f, [key]: f[key] === value ? undefined : value });
}
