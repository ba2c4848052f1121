/** The widget settings as GET/PUT /api/v1/widget/settings speak them (core/schemas/widget.schema.ts). */
export type FieldMode = 'hidden' | 'optional' | 'required';
export type WidgetFeatures = { helpCenter: boolean; bot: boolean; chat: boolean; ticketForm: boolean; conversations: boolean };
export type WidgetValues = {
  colors: { primary: string; primaryText: string };
  position: 'bottom-right' | 'bottom-left';
  greeting: Partial<Record<'en' | 'de', string>>;
  defaultLanguage: 'en' | 'de';
  features: WidgetFeatures;
  preChatForm: { name: FieldMode; email: FieldMode };
  offlineBehavior: 'ticket_form' | 'hide_chat';
  allowedOrigins: string[];
};
export type WidgetSettings = WidgetValues & { identitySecretSet: boolean; identitySecretRotatedAt: string | null; updatedAt: string; version: number };

export const WIDGET_LANGUAGES = ['en', 'de'] as const;

export const valuesOf = (s: WidgetSettings): WidgetValues => ({
  colors: s.colors, position: s.position, greeting: s.greeting, defaultLanguage: s.defaultLanguage, features: s.features,
  preChatForm: s.preChatForm, offlineBehavior: s.offlineBehavior, allowedOrigins: s.allowedOrigins,
});
