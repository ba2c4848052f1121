/**
 * The API shapes the customer portal uses (docs: /tmp contract sections 2, 3 and 5; checked against
 * services/tickets/ticket.view.ts `customerTicketView` and gateway/routes/*.ts). Requests go through ../api.ts.
 */
import { api, getJson, type Page, type StatusCategory } from '../api';
import type { AttachmentRef } from '../components/ticket/types';

export type PortalMe = { kind: string; id: number; name: string; email: string; language?: string; permissions: string[]; sessionExpiresAt?: string };

/** What a customer sees of a ticket: no routing, tags or custom fields. */
export type PortalTicket = {
  id: number; number: number; subject: string; requesterId: number;
  status: { name: string; category: StatusCategory };
  channel: string; language: string; createdAt: string; updatedAt: string; version: number;
};

export type PortalEntry = {
  id: number; kind: 'customer_message' | 'public_reply' | 'system_event' | 'internal_note';
  author: { type: string; id: number | null };
  bodyHtml: string | null; bodyText: string | null; createdAt: string; attachments: AttachmentRef[];
};

export type Rating = { resolution: number; solvedAt: string | null; rating: number; comment: string | null; ratedAt: string };

export type HelpHit = { articleId: number; language: string; title: string; titleHtml: string; snippetHtml: string; kind: string; url: string };

export type BotOption = { label: string; articleId?: number; intentId?: number };
export type BotReply = {
  kind: 'answer' | 'clarify' | 'intent' | 'no_answer'; text: string; passage: string | null;
  articles: Array<{ articleId: number; title: string; url: string; score: number }>;
  options: BotOption[]; offerHuman: boolean; confidence: number;
};

export const CHANNELS = ['email', 'sms', 'telegram', 'meta', 'web_push'] as const;
export type NotifyChannel = (typeof CHANNELS)[number];
export type NotificationPrefs = { channels: NotifyChannel[]; statusUpdates: boolean; replies: boolean };

const post = <T = unknown>(path: string, body: unknown) => api<T>(path, { method: 'POST', body }).then((r) => r.body);

export const portalApi = {
  me: () => getJson<PortalMe>('/me'),
  signIn: (email: string, password: string) => post('/auth/customer-login', { email, password }),
  signOut: () => post('/auth/logout', undefined),
  register: (input: { name: string; email: string; password: string; language: string }) => post('/portal/register', input),
  verify: (token: string) => post('/portal/verify', { token }),
  requestReset: (email: string) => post('/portal/password-reset', { email }),
  confirmReset: (token: string, newPassword: string) => post('/portal/password-reset/confirm', { token, newPassword }),
  requestMagicLink: (email: string) => post('/portal/magic-link', { email }),
  confirmMagicLink: (token: string) => post('/portal/magic-link/confirm', { token }),

  tickets: (query: string) => getJson<Page<PortalTicket>>(`/tickets?${query}`),
  ticket: (id: number) => getJson<PortalTicket>(`/tickets/${id}`),
  entries: (id: number, cursor?: string | null) => getJson<Page<PortalEntry>>(`/tickets/${id}/entries?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  reply: (id: number, bodyText: string, attachmentIds: number[]) =>
    post<PortalEntry>(`/tickets/${id}/entries`, { kind: 'customer_message', bodyText, attachmentIds }),
  createTicket: (subject: string, bodyText: string, attachmentIds: number[]) =>
    post<PortalTicket>('/tickets', { subject, message: { bodyText, attachmentIds } }),
  close: (id: number) => post<PortalTicket>(`/tickets/${id}/close`, undefined),
  reopen: (id: number) => post<PortalTicket>(`/tickets/${id}/reopen`, undefined),
  ratings: (id: number) => getJson<{ items: Rating[] }>(`/tickets/${id}/ratings`),
  rate: (id: number, rating: number, comment: string) => post(`/tickets/${id}/rating`, { rating, ...(comment.trim() && { comment: comment.trim() }) }),

  helpSearch: (language: string, q: string) =>
    getJson<{ hits: HelpHit[]; estimatedTotal: number }>(`/help-center/${language}/search?q=${encodeURIComponent(q)}&limit=5`),
  startBot: (language: string) => post<{ id: number; language: string; greeting: string }>('/bot/conversations', { language, channel: 'portal' }),
  askBot: (id: number, text: string) => post<{ reply: BotReply }>(`/bot/conversations/${id}/messages`, { text }),
  botFeedback: (id: number, helpful: boolean) => post(`/bot/conversations/${id}/feedback`, { helpful }),
  handover: (id: number, subject: string) => post<{ ticketId: number; mode: string }>(`/bot/conversations/${id}/handover`, { mode: 'ticket', subject }),

  notificationPrefs: () => getJson<NotificationPrefs>('/me/notification-preferences'),
  saveNotificationPrefs: (prefs: NotificationPrefs) => api<NotificationPrefs>('/me/notification-preferences', { method: 'PUT', body: prefs }).then((r) => r.body),
};
