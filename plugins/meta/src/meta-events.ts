/**
 * Meta webhook payloads (Messenger Platform "messages", "message_deliveries", "message_reads"; Instagram
 * messaging): `{object: "page"|"instagram", entry: [{id, time, messaging: [event]}]}`. Pure parsing.
 */
export type MetaChannel = 'messenger' | 'instagram';

type RawAttachment = { type?: string; payload?: { url?: string; title?: string } };
type RawEvent = {
  sender?: { id?: string };
  recipient?: { id?: string };
  timestamp?: number;
  message?: { mid?: string; text?: string; is_echo?: boolean; attachments?: RawAttachment[]; reply_to?: { mid?: string } };
  delivery?: { mids?: string[]; watermark?: number };
  read?: { watermark?: number; mid?: string };
};
export type MetaWebhookBody = { object?: string; entry?: Array<{ id?: string; time?: number; messaging?: RawEvent[] }> };

export type MetaEvent =
  | {
      kind: 'message';
      channel: MetaChannel;
      mid: string;
      senderId: string;
      pageId: string;
      text: string;
      timestamp: number;
      attachments: Array<{ type: string; url: string }>;
      replyToMid: string;
    }
  | { kind: 'delivery'; channel: MetaChannel; senderId: string; mids: string[]; watermark: number }
  | { kind: 'read'; channel: MetaChannel; senderId: string; watermark: number; mid: string };

const CONTENT_TYPES: Record<string, string> = { image: 'image/*', video: 'video/*', audio: 'audio/*', file: 'application/octet-stream' };
export const attachmentContentType = (type: string) => CONTENT_TYPES[type] ?? 'application/octet-stream';

/** The events we act on, in order; echoes of our own sends and unknown event kinds are skipped. */
export function parseMetaWebhook(body: MetaWebhookBody): MetaEvent[] {
  const channel: MetaChannel | null = body.object === 'page' ? 'messenger' : body.object === 'instagram' ? 'instagram' : null;
  if (!channel) return [];
  const events: MetaEvent[] = [];
  for (const entry of body.entry ?? []) {
    for (const e of entry.messaging ?? []) {
      const senderId = e.sender?.id ?? '';
      if (!senderId) continue;
      if (e.message && !e.message.is_echo && e.message.mid) {
        const attachments = (e.message.attachments ?? [])
          .filter((a) => a.payload?.url)
          .map((a) => ({ type: a.type ?? 'file', url: a.payload!.url! }));
        events.push({
          kind: 'message', channel, mid: e.message.mid, senderId, pageId: e.recipient?.id ?? entry.id ?? '', text: e.message.text ?? '',
          timestamp: e.timestamp ?? entry.time ?? 0, attachments, replyToMid: e.message.reply_to?.mid ?? '',
        });
      } else if (e.delivery) {
        events.push({ kind: 'delivery', channel, senderId, mids: e.delivery.mids ?? [], watermark: e.delivery.watermark ?? 0 });
      } else if (e.read) {
        events.push({ kind: 'read', channel, senderId, watermark: e.read.watermark ?? 0, mid: e.read.mid ?? '' });
      }
    }
  }
  return events;
}
