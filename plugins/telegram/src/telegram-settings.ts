import { createHmac } from 'node:crypto';
import { z } from 'zod';

export const telegramSettingsSchema = z.object({
  botToken: z.string().regex(/^\d+:[\w-]+$/, 'must look like 123456:ABC-DEF… (from @BotFather)'),
  apiBaseUrl: z.url().default('https://api.telegram.org'),
  /** auto: webhook when the platform has a public URL, long polling otherwise. */
  mode: z.enum(['auto', 'webhook', 'polling']).default('auto'),
  pollTimeoutSeconds: z.number().int().min(0).max(50).default(25),
});
export type TelegramSettings = z.infer<typeof telegramSettingsSchema>;

/**
 * The secret_token given to setWebhook and checked on X-Telegram-Bot-Api-Secret-Token: derived from the bot
 * token (1-256 chars of A-Z a-z 0-9 _ -), so it needs no extra setting and changes when the token is rotated.
 */
export const webhookSecretToken = (botToken: string) => createHmac('sha256', botToken).update('lantern-telegram-webhook').digest('hex');
