import { createHmac } from 'node:crypto';
import type { DeliverMessageRequest__Output } from '../../../proto/load';
import { grpcCodeOf } from '../../sdk/host-client';
import { IDEMPOTENCY_TTL_MS } from '../../sdk/data-store';
import { failedPrecondition, invalidArgument } from '../../sdk/plugin-error';
import type { Health, PluginContext, PluginDefinition, WebhookRequest, WebhookResponse } from '../../sdk/plugin-types';
import { parsePluginSettings } from '../../sdk/settings';
import { splitText } from '../../sdk/text-split';
import { safeEqual, textResponse } from '../../sdk/webhook-util';
import manifest from '../manifest.json' with { type: 'json' };
import { TelegramApi, type TgMessage, type TgUpdate } from './telegram-api';
import { TelegramPoller } from './telegram-poller';
import { telegramSettingsSchema, webhookSecretToken, type TelegramSettings } from './telegram-settings';
import { inboundFromUpdate, parseTelegramMessageId, telegramMessageId } from './telegram-update';

/** Bot API limits: 4096 characters of text per message, 1024 of caption. */
export const TELEGRAM_MAX_TEXT = 4096;
const TELEGRAM_MAX_CAPTION = 1024;
const CHAT_ID = /^(-?\d+|@\w{5,})$/;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

type Configured = { settings: TelegramSettings; api: TelegramApi; secret: string; mode: 'webhook' | 'polling'; publicWebhookUrl: string };

/** An inbound file's link through this plugin: the file id plus an HMAC, so the path is no open proxy to the bot's files. */
const fileToken = (secret: string, fileId: string) => `${fileId}.${createHmac('sha256', secret).update(fileId).digest('base64url')}`;

export function createTelegramPlugin(ctx: PluginContext): PluginDefinition {
  let current: Configured | undefined;
  let poller: TelegramPoller | undefined;
  const sentParts = ctx.store<string>('sent-parts', { ttlMs: IDEMPOTENCY_TTL_MS });
  const pollState = ctx.store<number>('polling');

  const requireConfig = (): Configured => {
    if (!current) throw failedPrecondition('the Telegram plugin is not configured');
    return current;
  };

  /**
   * Hand an update's message to the host; throws when the host did not take it. Files are passed as links to
   * this plugin's webhook path (GET /file/<token>), which downloads them from Telegram on demand: Telegram's own
   * file URL embeds the bot token and must not leave the plugin. Without a webhook URL the bytes go inline.
   */
  async function submitUpdate(api: TelegramApi, secret: string, publicWebhookUrl: string, update: TgUpdate): Promise<void> {
    const inbound = inboundFromUpdate(update);
    if (!inbound) return;
    const attachments = [];
    for (const f of inbound.files) {
      if (publicWebhookUrl) {
        attachments.push({ filename: f.filename, contentType: f.contentType, size: f.size, content: Buffer.alloc(0), url: `${publicWebhookUrl}/file/${fileToken(secret, f.fileId)}` });
      } else {
        const { content } = await api.download(f.fileId);
        attachments.push({ filename: f.filename, contentType: f.contentType, size: content.length, content, url: '' });
      }
    }
    await ctx.host.submitInboundMessage({
      idempotencyKey: `telegram:${inbound.externalId}`,
      channel: 'telegram',
      externalId: inbound.externalId,
      sender: inbound.sender,
      threadExternalId: inbound.chatId,
      bodyText: inbound.text,
      attachments,
      receivedAtMs: inbound.receivedAtMs,
      language: inbound.language,
      metadata: inbound.metadata,
    });
  }

  async function stopPolling(): Promise<void> {
    const p = poller;
    poller = undefined;
    await p?.stop();
  }

  async function configure(config: Parameters<PluginDefinition['configure']>[0]): Promise<void> {
    const settings = parsePluginSettings(telegramSettingsSchema, config);
    const base = config.publicWebhookUrl.replace(/\/+$/, '');
    const mode = settings.mode === 'auto' ? (base ? 'webhook' : 'polling') : settings.mode;
    if (mode === 'webhook' && !base) throw failedPrecondition('webhook mode needs the platform\'s public URL (LANTERN_PUBLIC_URL)');
    const api = new TelegramApi(settings.apiBaseUrl, settings.botToken);
    const secret = webhookSecretToken(settings.botToken);
    await stopPolling();
    if (mode === 'webhook') {
      await api.call('setWebhook', { url: `${base}/update`, secret_token: secret, allowed_updates: ['message'] });
    } else {
      // getUpdates answers 409 while a webhook is set.
      await api.call('deleteWebhook', { drop_pending_updates: false });
      poller = new TelegramPoller(api, pollState, (u) => submitUpdate(api, secret, base, u), { timeoutSeconds: settings.pollTimeoutSeconds, log: ctx.log });
      poller.start();
    }
    current = { settings, api, secret, mode, publicWebhookUrl: base };
    ctx.log.info({ mode }, 'telegram configured');
  }

  async function deliverMessage(req: DeliverMessageRequest__Output) {
    const { api } = requireConfig();
    const chatId = req.threadExternalId || req.recipient?.address || '';
    if (!CHAT_ID.test(chatId)) throw invalidArgument(`"${chatId}" is not a Telegram chat id`);
    if (!req.bodyText.trim() && req.attachments.length === 0) throw invalidArgument('nothing to send: empty body and no attachments');
    const replyTo = parseTelegramMessageId(req.replyToExternalId);
    const replyParameters = replyTo && replyTo.chatId === chatId ? { message_id: replyTo.messageId, allow_sending_without_reply: true } : undefined;

    // One caption-sized text and one file go as a single captioned message; otherwise text first, then files.
    const captionOnFile = req.attachments.length === 1 && req.bodyText.length <= TELEGRAM_MAX_CAPTION;
    const texts = captionOnFile || !req.bodyText.trim() ? [] : splitText(req.bodyText, TELEGRAM_MAX_TEXT);
    type Part = { kind: 'text'; text: string } | { kind: 'file'; index: number; caption: string };
    const parts: Part[] = [
      ...texts.map((text): Part => ({ kind: 'text', text })),
      ...req.attachments.map((_, index): Part => ({ kind: 'file', index, caption: captionOnFile ? req.bodyText : '' })),
    ];
    const externalIds: string[] = [];
    for (const [i, part] of parts.entries()) {
      const partKey = `${req.idempotencyKey}#${i}`;
      const done = sentParts.get(partKey);
      if (done) {
        externalIds.push(done);
        continue;
      }
      let msg: TgMessage;
      if (part.kind === 'text') {
        msg = await api.call<TgMessage>('sendMessage', { chat_id: chatId, text: part.text, ...(i === 0 && replyParameters ? { reply_parameters: replyParameters } : {}) });
      } else {
        const a = req.attachments[part.index]!;
        const photo = PHOTO_TYPES.has(a.contentType) && a.content.length <= 10 * 1024 * 1024;
        const fields: Record<string, string> = { chat_id: chatId };
        if (part.caption) fields.caption = part.caption;
        if (i === 0 && replyParameters) fields.reply_parameters = JSON.stringify(replyParameters); // multipart: JSON-serialised
        msg = await api.upload<TgMessage>(photo ? 'sendPhoto' : 'sendDocument', fields, {
          field: photo ? 'photo' : 'document', content: a.content, filename: a.filename, contentType: a.contentType,
        });
      }
      const id = telegramMessageId(msg.chat.id, msg.message_id);
      sentParts.set(partKey, id);
      externalIds.push(id);
    }
    // The Bot API has no delivery receipts: accepted by Telegram is as far as we can see.
    return { state: 'SENT' as const, externalIds };
  }

  async function serveFile(token: string): Promise<WebhookResponse> {
    const { api, secret } = requireConfig();
    const fileId = token.slice(0, token.lastIndexOf('.'));
    if (!fileId || !safeEqual(fileToken(secret, fileId), token)) return textResponse(404, 'not found');
    const { content, filePath } = await api.download(fileId);
    const ext = filePath.split('.').pop()?.toLowerCase();
    const type = ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : ext === 'png' ? 'image/png' : ext === 'pdf' ? 'application/pdf' : 'application/octet-stream';
    return { status: 200, headers: { 'content-type': type, 'content-length': String(content.length) }, body: content };
  }

  async function handleWebhook(req: WebhookRequest): Promise<WebhookResponse> {
    const file = /^\/file\/([\w.-]+)$/.exec(req.path);
    if (file && req.method === 'GET') return serveFile(file[1]!);
    if (req.path !== '/update') return textResponse(404, 'not found');
    if (req.method !== 'POST') return textResponse(405, 'method not allowed');
    const { api, secret, publicWebhookUrl } = requireConfig();
    if (!safeEqual(req.headers['x-telegram-bot-api-secret-token'] ?? '', secret)) {
      ctx.log.warn('rejected webhook with a wrong X-Telegram-Bot-Api-Secret-Token');
      return textResponse(403, 'forbidden');
    }
    let update: TgUpdate;
    try {
      update = JSON.parse(req.body.toString('utf8')) as TgUpdate;
    } catch {
      return textResponse(400, 'body is not JSON');
    }
    if (typeof update?.update_id !== 'number') return textResponse(400, 'not a Telegram update');
    try {
      await submitUpdate(api, secret, publicWebhookUrl, update);
    } catch (err) {
      // Telegram retries a webhook that did not answer 2xx; the host dedupes the repeat.
      ctx.log.warn({ updateId: update.update_id, code: grpcCodeOf(err), err: (err as Error).message }, 'update not accepted');
      return textResponse(503, 'try again later');
    }
    return textResponse(200, '');
  }

  return {
    describe: {
      id: manifest.id,
      name: manifest.name,
      version: manifest.version,
      kinds: manifest.kinds,
      channels: manifest.channels,
      capabilities: ['deliver.text', 'deliver.attachments', 'reply_threading', 'webhook', 'long_polling'],
    },
    configure,
    async checkHealth(): Promise<Health> {
      if (!current) return { status: 'NOT_CONFIGURED', detail: 'set the bot token from @BotFather' };
      if (poller?.lastError) return { status: 'DEGRADED', detail: `polling: ${poller.lastError}` };
      try {
        await current.api.call('getMe', {}, { timeoutMs: 3000 });
        return { status: 'SERVING', detail: current.mode };
      } catch (err) {
        return { status: 'DEGRADED', detail: `getMe failed: ${(err as Error).message}` };
      }
    },
    deliverMessage,
    handleWebhook,
    close: stopPolling,
  };
}
