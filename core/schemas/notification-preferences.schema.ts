import { z } from 'zod';

/** Must match services/notifications/notification-preferences.service.ts NOTICE_CHANNELS / ALERT_KINDS. */
export const noticeChannel = z.enum(['email', 'sms', 'telegram', 'meta', 'web_push']);
export const alertKind = z.enum(['mention', 'sla.warning', 'sla.breach', 'alert.assigned', 'alert.customer_reply', 'alert.reopened', 'alert.low_csat', 'channel']);

export const notificationPreferences = z.strictObject({
  channels: z.array(noticeChannel).max(5),
  statusUpdates: z.boolean(),
  replies: z.boolean(),
});

const base64url = z.string().min(16).max(200).regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url');
export const pushSubscriptionInput = z.strictObject({
  // Push services are https endpoints (RFC 8030); the service refuses plain http unless configured for stand-ins.
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  keys: z.strictObject({ p256dh: base64url, auth: base64url.min(16).max(64) }),
  expirationTime: z.number().nullable().optional(),
});

export const alertSettings = z.strictObject({ email: z.boolean(), kinds: z.array(alertKind).max(20) });
