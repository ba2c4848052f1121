import type { TgMessage, TgUpdate } from './telegram-api';

/** What an inbound Telegram message becomes, before its files are downloaded. Pure. */
export type InboundTelegram = {
  externalId: string;
  chatId: string;
  text: string;
  sender: { address: string; displayName: string; externalId: string };
  language: string;
  receivedAtMs: number;
  files: Array<{ fileId: string; filename: string; contentType: string; size: number }>;
  metadata: Record<string, string>;
};

/** Telegram message ids are unique per chat only, so the external id is "<chat id>:<message id>". */
export const telegramMessageId = (chatId: number | string, messageId: number | string) => `${chatId}:${messageId}`;

export function parseTelegramMessageId(externalId: string): { chatId: string; messageId: number } | null {
  const m = /^(-?\d+):(\d+)$/.exec(externalId);
  return m ? { chatId: m[1]!, messageId: Number(m[2]) } : null;
}

/** The customer message in an update, or null for updates we do not turn into tickets (edits, bots, service messages). */
export function inboundFromUpdate(update: TgUpdate): InboundTelegram | null {
  const msg: TgMessage | undefined = update.message;
  if (!msg || msg.from?.is_bot) return null;
  const files: InboundTelegram['files'] = [];
  if (msg.photo?.length) {
    // Telegram sends every size of a photo; the last one is the largest.
    const largest = msg.photo[msg.photo.length - 1]!;
    files.push({ fileId: largest.file_id, filename: `photo-${largest.file_unique_id}.jpg`, contentType: 'image/jpeg', size: largest.file_size ?? 0 });
  }
  if (msg.document) {
    const d = msg.document;
    files.push({ fileId: d.file_id, filename: d.file_name ?? `document-${d.file_unique_id}`, contentType: d.mime_type ?? 'application/octet-stream', size: d.file_size ?? 0 });
  }
  const text = msg.text ?? msg.caption ?? '';
  if (!text && files.length === 0) return null;
  const from = msg.from;
  const displayName = from ? [from.first_name, from.last_name].filter(Boolean).join(' ') : (msg.chat.title ?? '');
  const metadata: Record<string, string> = { chat_type: msg.chat.type };
  if (from?.username) metadata.username = `@${from.username}`;
  if (msg.reply_to_message) metadata.reply_to = telegramMessageId(msg.chat.id, msg.reply_to_message.message_id);
  return {
    externalId: telegramMessageId(msg.chat.id, msg.message_id),
    chatId: String(msg.chat.id),
    text,
    sender: { address: String(msg.chat.id), displayName, externalId: from ? String(from.id) : '' },
    language: from?.language_code ?? '',
    receivedAtMs: msg.date * 1000,
    files,
    metadata,
  };
}
