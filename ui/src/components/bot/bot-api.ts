import { useQuery } from '@tanstack/react-query';
import { getJson } from '../../api';

/** The chatbot endpoints the admin UI uses (gateway/routes/bot.routes.ts, core/schemas/bot.schema.ts). */
export type IntentAction = 'ticket_status' | 'handover';
export const INTENT_ACTIONS: IntentAction[] = ['ticket_status', 'handover'];
export const BOT_LANGUAGES = ['en', 'de'] as const;

export type Intent = {
  id: number; name: string; language: string; examples: string[]; answer: string;
  action: IntentAction | null; enabled: boolean; version: number; createdAt: string; updatedAt: string;
};
export type IntentDraft = Pick<Intent, 'name' | 'language' | 'examples' | 'answer' | 'action' | 'enabled'>;

export type BotReport = {
  from: string; to: string; conversations: number; resolved: number; handedOver: number; abandoned: number; active: number;
  deflectionRate: number | null;
  topIntents: Array<{ intentId: number; name: string; count: number }>;
  unanswered: Array<{ text: string; count: number }>;
};

export const intentKeys = { all: ['bot', 'intents'] as const, one: (id: number) => ['bot', 'intents', id] as const };

export const useIntents = () => useQuery({ queryKey: intentKeys.all, queryFn: () => getJson<{ items: Intent[] }>('/bot/intents') });
export const useIntent = (id: number) => useQuery({ queryKey: intentKeys.one(id), queryFn: () => getJson<Intent>(`/bot/intents/${id}`) });

/** Conversations started in [from, to) — both YYYY-MM-DD, as the Stats page's range. */
export const useBotReport = (from: string, to: string) =>
  useQuery({ queryKey: ['stats', 'bot', from, to], queryFn: () => getJson<BotReport>(`/reports/bot?from=${from}&to=${to}`) });

export const emptyDraft = (): IntentDraft => ({ name: '', language: 'en', examples: [], answer: '', action: null, enabled: true });

/** The fields of a draft that differ from the saved intent (PATCH sends only these, plus `version`). */
export function changedFields(saved: Intent, draft: IntentDraft): Partial<IntentDraft> {
  const out: Partial<IntentDraft> = {};
  if (draft.name !== saved.name) out.name = draft.name;
  if (draft.language !== saved.language) out.language = draft.language;
  if (JSON.stringify(draft.examples) !== JSON.stringify(saved.examples)) out.examples = draft.examples;
  if (draft.answer !== saved.answer) out.answer = draft.answer;
  if (draft.action !== saved.action) out.action = draft.action;
  if (draft.enabled !== saved.enabled) out.enabled = draft.enabled;
  return out;
}
