import { z } from 'zod';
import { bodyId, language } from './common.schema';

/** What a chat client may send over the WebSocket (docs/chat.md); anything else is answered with an `error` event. */
export const chatClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('message'), text: z.string().trim().min(1).max(10_000) }),
  z.strictObject({ type: z.literal('typing'), typing: z.boolean() }),
  z.strictObject({ type: z.literal('read'), upToEntryId: bodyId }),
  z.strictObject({ type: z.literal('file'), attachmentId: bodyId, text: z.string().trim().min(1).max(10_000).optional() }),
  z.strictObject({ type: z.literal('transfer'), workerId: bodyId.optional(), teamId: bodyId.optional() })
    .refine((m) => (m.workerId === undefined) !== (m.teamId === undefined), { message: 'give exactly one of workerId or teamId' }),
  z.strictObject({ type: z.literal('close') }),
]);
export type ChatClientMessage = z.infer<typeof chatClientMessage>;

export const CHAT_STATES = ['waiting', 'active', 'offline', 'closed'] as const;
export type ChatState = (typeof CHAT_STATES)[number];
export type OfflineReason = 'no_agent' | 'outside_hours';

/** The pre-chat form: a display name is required (anything, e.g. "Guest"), so an empty request is refused. */
export const visitorTokenInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  language: language.optional(),
});

export const startChatInput = z.strictObject({
  message: z.string().trim().min(1).max(10_000),
  subject: z.string().trim().min(1).max(500).optional(),
  language: language.optional(),
});
export type StartChatInput = z.infer<typeof startChatInput>;

export const chatContactInput = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200).optional(),
});
export type ChatContactInput = z.infer<typeof chatContactInput>;
