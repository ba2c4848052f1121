/** Twilio MessageStatus values (Messaging status callbacks) → the contract's DeliveryState. */
export type MappedState = 'QUEUED' | 'SENT' | 'DELIVERED' | 'FAILED' | 'READ';

const MAP: Record<string, MappedState> = {
  accepted: 'QUEUED',
  scheduled: 'QUEUED',
  queued: 'QUEUED',
  sending: 'QUEUED',
  sent: 'SENT',
  delivered: 'DELIVERED',
  read: 'READ',
  undelivered: 'FAILED',
  failed: 'FAILED',
  canceled: 'FAILED',
};

/** null for statuses that are not about an outbound message (receiving, received) or unknown ones. */
export const mapTwilioStatus = (status: string): MappedState | null => MAP[status.toLowerCase()] ?? null;
