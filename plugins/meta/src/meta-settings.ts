import { z } from 'zod';
import { MESSAGE_TAGS } from './messaging-window';

export const metaSettingsSchema = z.object({
  appSecret: z.string().min(1),
  pageAccessToken: z.string().min(1),
  verifyToken: z.string().min(8),
  graphApiBaseUrl: z.url().default('https://graph.facebook.com'),
  graphApiVersion: z.string().regex(/^v\d+\.\d+$/).default('v21.0'),
  /** Sent outside the 24-hour window; unset: such replies fail (FAILED_PRECONDITION). */
  messageTag: z.enum(MESSAGE_TAGS).optional(),
});
export type MetaSettings = z.infer<typeof metaSettingsSchema>;
