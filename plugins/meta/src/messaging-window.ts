import { failedPrecondition } from '../../sdk/plugin-error';

/** Messenger/Instagram standard messaging window: a business may answer within 24 h of the person's last message. */
export const STANDARD_WINDOW_MS = 24 * 3600_000;
/** The HUMAN_AGENT tag stretches it to 7 days (for human replies only). */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600_000;

export const MESSAGE_TAGS = ['HUMAN_AGENT', 'ACCOUNT_UPDATE', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE'] as const;
export type MessageTag = (typeof MESSAGE_TAGS)[number];

export type MessagingType = { messaging_type: 'RESPONSE' } | { messaging_type: 'MESSAGE_TAG'; tag: MessageTag };

/**
 * How a reply may be sent, or FAILED_PRECONDITION when it may not (the host does not retry that). Inside 24 h
 * of the last inbound message: RESPONSE. Later: only with the configured message tag (HUMAN_AGENT up to 7 days).
 * An unknown last inbound time (0) counts as outside the window.
 */
export function messagingTypeFor(input: { nowMs: number; lastInboundAtMs: number; tag?: MessageTag }): MessagingType {
  const age = input.lastInboundAtMs > 0 ? input.nowMs - input.lastInboundAtMs : Number.POSITIVE_INFINITY;
  if (age <= STANDARD_WINDOW_MS) return { messaging_type: 'RESPONSE' };
  const hours = Number.isFinite(age) ? `${Math.floor(age / 3600_000)} h ago` : 'never';
  if (!input.tag) throw failedPrecondition(`outside the 24-hour messaging window (the customer last wrote ${hours}) and no message tag is configured`, '10/2018278');
  if (input.tag === 'HUMAN_AGENT' && age > HUMAN_AGENT_WINDOW_MS) {
    throw failedPrecondition(`outside the 7-day HUMAN_AGENT window (the customer last wrote ${hours})`, '10/2018278');
  }
  return { messaging_type: 'MESSAGE_TAG', tag: input.tag };
}
