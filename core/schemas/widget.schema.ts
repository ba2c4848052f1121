import { z } from 'zod';
import { color, language } from './common.schema';

/** The languages the widget ships catalogues for (its own small en/de catalogue). */
export const WIDGET_LANGUAGES = ['en', 'de'] as const;
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];

const widgetLanguage = z.enum(WIDGET_LANGUAGES, { error: `must be one of the supported languages: ${WIDGET_LANGUAGES.join(', ')}` });
const fieldMode = z.enum(['hidden', 'optional', 'required']);

/** An origin as browsers send it: scheme, host and port only (no path, no trailing slash). */
const origin = z.string().max(300).refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s;
  } catch {
    return false;
  }
}, { message: 'must be an origin like https://www.example.com (scheme, host, optional port; no path)' });

export const widgetSettingsInput = z.strictObject({
  colors: z.strictObject({ primary: color, primaryText: color }),
  position: z.enum(['bottom-right', 'bottom-left']),
  greeting: z.partialRecord(widgetLanguage, z.string().trim().max(500)),
  defaultLanguage: widgetLanguage,
  features: z.strictObject({ helpCenter: z.boolean(), bot: z.boolean(), chat: z.boolean(), ticketForm: z.boolean(), conversations: z.boolean() }),
  /** The pre-chat form: which visitor details to ask before an anonymous chat starts. */
  preChatForm: z.strictObject({ name: fieldMode, email: fieldMode }),
  /** Chat enabled but nobody online: offer the ticket form instead, or hide chat. */
  offlineBehavior: z.enum(['ticket_form', 'hide_chat']),
  /** Sites that may embed the widget (frame-ancestors); empty = any site. */
  allowedOrigins: z.array(origin).max(50),
  version: z.number().int().positive().optional(),
});
export type WidgetSettingsInput = z.infer<typeof widgetSettingsInput>;
export type WidgetSettingsValues = Omit<WidgetSettingsInput, 'version'>;

export const widgetSettingsView = z.object({
  colors: z.object({ primary: z.string(), primaryText: z.string() }),
  position: z.string(), greeting: z.record(z.string(), z.string()), defaultLanguage: z.string(),
  features: z.object({ helpCenter: z.boolean(), bot: z.boolean(), chat: z.boolean(), ticketForm: z.boolean(), conversations: z.boolean() }),
  preChatForm: z.object({ name: z.string(), email: z.string() }), offlineBehavior: z.string(), allowedOrigins: z.array(z.string()),
  identitySecretSet: z.boolean(), identitySecretRotatedAt: z.string().nullable(), updatedAt: z.string(), version: z.number(),
});

export const widgetConfigQuery = z.strictObject({ language: language.optional() });

export const widgetConfigView = z.object({
  language: z.string(), languages: z.array(z.string()), colors: z.object({ primary: z.string(), primaryText: z.string() }),
  position: z.string(), greeting: z.string(),
  features: z.object({ helpCenter: z.boolean(), bot: z.boolean(), chat: z.boolean(), ticketForm: z.boolean(), conversations: z.boolean() }),
  preChatForm: z.object({ name: z.string(), email: z.string() }), offlineBehavior: z.string(), chatOnline: z.boolean(),
  identityVerification: z.boolean(), allowedOrigins: z.array(z.string()),
});

export const widgetIdentifyInput = z.strictObject({
  userId: z.string().min(1).max(200),
  userHash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be the hex HMAC-SHA256 of userId (64 hex digits)'),
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(320).optional(),
  language: widgetLanguage.optional(),
});
export type WidgetIdentifyInput = z.infer<typeof widgetIdentifyInput>;
