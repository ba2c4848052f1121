import { z } from 'zod';

/** Settings of the SMS plugin; the manifest's configSchema says the same for the host and the admin UI. */
export const smsSettingsSchema = z
  .object({
    accountSid: z.string().min(1),
    authToken: z.string().min(1),
    fromNumber: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +14155550100').optional(),
    messagingServiceSid: z.string().min(1).optional(),
    apiBaseUrl: z.url().default('https://api.twilio.com'),
    replyToKeywords: z.boolean().default(true),
    optOutReply: z.string().min(1).default('You have been unsubscribed and will receive no further messages. Reply START to resubscribe.'),
    optInReply: z.string().min(1).default('You have been resubscribed. Reply STOP to unsubscribe.'),
    helpReply: z.string().min(1).default('Reply to this number to reach our support team. Reply STOP to unsubscribe.'),
  })
  .refine((s) => s.fromNumber || s.messagingServiceSid, { message: 'set fromNumber or messagingServiceSid', path: ['fromNumber'] });

export type SmsSettings = z.infer<typeof smsSettingsSchema>;
