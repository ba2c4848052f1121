import type { Actor } from '../../core/principal';
import { WIDGET_LANGUAGES, type WidgetSettingsValues } from '../../core/schemas/widget.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { lockRow } from '../row-lock';

type WidgetRow = {
  id: number; settings: Partial<WidgetSettingsValues>; identity_secret_sealed: string | null; identity_secret_rotated_at: Date | null;
  updated_at: Date; version: number;
};

export type WidgetSettings = WidgetSettingsValues & {
  identitySecretSet: boolean; identitySecretRotatedAt: string | null; updatedAt: string; version: number;
};

/** What a fresh workspace's widget looks like: chat and the ticket form on, the rest opt-in. */
export const WIDGET_DEFAULTS: WidgetSettingsValues = {
  colors: { primary: '#1c64d4', primaryText: '#ffffff' },
  position: 'bottom-right',
  greeting: { en: 'Hi! How can we help?', de: 'Hallo! Wie können wir helfen?' },
  defaultLanguage: 'en',
  features: { helpCenter: false, bot: false, chat: true, ticketForm: true, conversations: true },
  preChatForm: { name: 'optional', email: 'hidden' },
  offlineBehavior: 'ticket_form',
  allowedOrigins: [],
};

// Stored values over the defaults, per top-level key, so settings saved before a new key existed keep working.
const values = (stored: Partial<WidgetSettingsValues>): WidgetSettingsValues => ({ ...WIDGET_DEFAULTS, ...stored });

function view(row: WidgetRow): WidgetSettings {
  return {
    ...values(row.settings), identitySecretSet: row.identity_secret_sealed !== null,
    identitySecretRotatedAt: row.identity_secret_rotated_at?.toISOString() ?? null, updatedAt: row.updated_at.toISOString(), version: row.version,
  };
}

export async function loadWidgetRow(db: Queryable): Promise<WidgetRow> {
  const row = await db('widget_settings').where({ id: 1 }).first<WidgetRow | undefined>();
  if (!row) throw new Error('widget_settings has no row; run the migrations');
  return row;
}

export async function getWidgetSettings(db: Queryable): Promise<WidgetSettings> {
  return view(await loadWidgetRow(db));
}

export async function updateWidgetSettings(
  db: Queryable, actor: Actor, input: WidgetSettingsValues, expectedVersion: number | undefined,
): Promise<WidgetSettings> {
  return db.transaction(async (trx) => {
    const before = await lockRow<WidgetRow>(trx, 'widget_settings', 1, 'Widget settings', expectedVersion);
    const settings: WidgetSettingsValues = { ...input, allowedOrigins: [...new Set(input.allowedOrigins)] };
    const [after] = await trx('widget_settings').where({ id: 1 })
      .update({ settings: JSON.stringify(settings), updated_at: trx.fn.now(), version: trx.raw('version + 1') })
      .returning<WidgetRow[]>('*');
    await recordAudit(trx, actor, { action: 'widget_settings.update', entityType: 'widget_settings', entityId: 1, before: values(before.settings), after: settings });
    return view(after!);
  });
}

/** Anyone who could take a chat right now: an active worker who set themselves online (shifts are routing's business). */
async function anyAgentOnline(db: Queryable): Promise<boolean> {
  const row = await db('worker_routing_profiles as p').join('workers as w', 'w.id', 'p.worker_id')
    .where({ 'p.availability': 'online', 'w.active': true }).first('p.worker_id');
  return row !== undefined;
}

export type WidgetConfig = {
  language: string; languages: string[]; colors: WidgetSettingsValues['colors']; position: string; greeting: string;
  features: WidgetSettingsValues['features']; preChatForm: WidgetSettingsValues['preChatForm']; offlineBehavior: string;
  chatOnline: boolean; identityVerification: boolean; allowedOrigins: string[];
};

/**
 * The public subset the widget needs (never the secret). Chat offline: `hide_chat` hides it, `ticket_form`
 * hides it and offers the ticket form instead even when the form is otherwise off.
 */
export async function getWidgetConfig(db: Queryable, requested: string | undefined): Promise<WidgetConfig> {
  const row = await loadWidgetRow(db);
  const s = values(row.settings);
  const base = requested?.slice(0, 2).toLowerCase();
  const language = (WIDGET_LANGUAGES as readonly string[]).includes(base ?? '') ? base! : s.defaultLanguage;
  const chatOnline = s.features.chat && (await anyAgentOnline(db));
  const features = {
    ...s.features, chat: chatOnline,
    ticketForm: s.features.ticketForm || (s.features.chat && !chatOnline && s.offlineBehavior === 'ticket_form'),
  };
  return {
    language, languages: [...WIDGET_LANGUAGES], colors: s.colors, position: s.position,
    greeting: s.greeting[language as keyof typeof s.greeting] ?? s.greeting[s.defaultLanguage] ?? '',
    features, preChatForm: s.preChatForm, offlineBehavior: s.offlineBehavior, chatOnline,
    identityVerification: row.identity_secret_sealed !== null, allowedOrigins: s.allowedOrigins,
  };
}

/** The allowed origins alone (for the frame's frame-ancestors header on every load). */
export async function widgetAllowedOrigins(db: Queryable): Promise<string[]> {
  return values((await loadWidgetRow(db)).settings).allowedOrigins;
}
