import { z } from 'zod';
import { language } from './common.schema';

/** Chatbot API shapes (docs/chatbot.md, contract section 3). */
export const BOT_CHANNELS = ['portal', 'widget', 'api'] as const;
export const BOT_REPLY_KINDS = ['answer', 'clarify', 'intent', 'no_answer'] as const;
export const BOT_INTENT_ACTIONS = ['ticket_status', 'handover'] as const;
export const BOT_OUTCOMES = ['resolved', 'handed_over'] as const;

export const startConversationInput = z.strictObject({
  language: language.optional(),
  channel: z.enum(BOT_CHANNELS),
});
export type StartConversationInput = z.infer<typeof startConversationInput>;

export const botMessageInput = z.strictObject({ text: z.string().trim().min(1).max(2000) });
export const botFeedbackInput = z.strictObject({ helpful: z.boolean() });
export const botHandoverInput = z.strictObject({
  mode: z.enum(['ticket', 'chat']),
  subject: z.string().trim().min(1).max(500).optional(),
  message: z.string().trim().min(1).max(10_000).optional(),
});
export type BotHandoverInput = z.infer<typeof botHandoverInput>;

export const botReply = z.object({
  kind: z.enum(BOT_REPLY_KINDS),
  text: z.string(),
  passage: z.string().nullable(),
  articles: z.array(z.object({ articleId: z.number(), title: z.string(), url: z.string(), score: z.number() })),
  options: z.array(z.object({ label: z.string(), articleId: z.number().optional(), intentId: z.number().optional() })),
  offerHuman: z.boolean(),
  confidence: z.number(),
});
export type BotReply = z.infer<typeof botReply>;

export const conversationCreated = z.object({ id: z.number(), language: z.string(), greeting: z.string() });
export const conversationView = z.object({
  id: z.number(),
  language: z.string(),
  channel: z.enum(BOT_CHANNELS),
  outcome: z.enum([...BOT_OUTCOMES, 'abandoned']).nullable(),
  handoverTicketId: z.number().nullable(),
  messages: z.array(z.object({ from: z.enum(['customer', 'bot']), text: z.string(), reply: botReply.optional(), createdAt: z.string() })),
});
export type ConversationView = z.infer<typeof conversationView>;

const examples = z.array(z.string().trim().min(2).max(500)).min(1).max(100);
export const intentInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  language: language.default('en'),
  examples,
  answer: z.string().trim().min(1).max(5000),
  action: z.enum(BOT_INTENT_ACTIONS).nullable().default(null),
  enabled: z.boolean().default(true),
});
export type IntentInput = z.infer<typeof intentInput>;
export const intentPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    language: language.optional(),
    examples: examples.optional(),
    answer: z.string().trim().min(1).max(5000).optional(),
    action: z.enum(BOT_INTENT_ACTIONS).nullable().optional(),
    enabled: z.boolean().optional(),
    version: z.number().int().positive().optional(),
  })
  .refine((u) => Object.keys(u).some((k) => k !== 'version'), { message: 'give at least one field to change' });
export type IntentPatch = z.infer<typeof intentPatch>;
export const intentView = z.object({
  id: z.number(), name: z.string(), language: z.string(), examples: z.array(z.string()), answer: z.string(),
  action: z.enum(BOT_INTENT_ACTIONS).nullable(), enabled: z.boolean(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
export type IntentView = z.infer<typeof intentView>;

export const botReportResponse = z.object({
  from: z.string(), to: z.string(),
  conversations: z.number(), resolved: z.number(), handedOver: z.number(), abandoned: z.number(),
  /** Still open (activity within the idle window, no outcome): counted in `conversations` only. */
  active: z.number(),
  deflectionRate: z.number().nullable(),
  topIntents: z.array(z.object({ intentId: z.number(), name: z.string(), count: z.number() })),
  unanswered: z.array(z.object({ text: z.string(), count: z.number() })),
});
export type BotReport = z.infer<typeof botReportResponse>;

const DAY_MS = 86_400_000;
/** A full timestamp with offset, or a date (midnight UTC). */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s))
  .refine((d) => !Number.isNaN(d.getTime()), 'is not a real date');

/** GET /reports/bot: conversations started in [from, to); defaults to the last 30 days. */
export const botReportQuery = z
  .strictObject({ from: instant.optional(), to: instant.optional() })
  .transform((q) => {
    const to = q.to ?? new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS);
    return { from: q.from ?? new Date(to.getTime() - 30 * DAY_MS), to };
  })
  .refine((q) => q.from < q.to, { message: 'must be after from', path: ['to'] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= 366 * DAY_MS, { message: 'a report covers at most 366 days', path: ['to'] });
