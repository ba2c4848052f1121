/**
 * A stand-in for the Telegram Bot API (https://core.telegram.org/bots/api): `/bot<token>/<method>` with JSON,
 * form or multipart bodies answering `{ok, result}` / `{ok:false, error_code, description, parameters}`;
 * getMe, setWebhook/deleteWebhook/getWebhookInfo, getUpdates (long polling with offset confirmation, 409 while
 * a webhook is set), sendMessage (reply_parameters / reply_to_message_id), sendPhoto/sendDocument (multipart),
 * getFile + `/file/bot<token>/<path>` downloads, a per-second rate limit (429 + retry_after), and customers
 * writing to the bot: pushed to the webhook with X-Telegram-Bot-Api-Secret-Token (retried on non-2xx like
 * Telegram) or queued for getUpdates.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { deliverWebhook, RateLimit, sendJson, startFakeServer, type FakeRequest } from './fake-http';

export type TelegramSentMessage = {
  method: 'sendMessage' | 'sendPhoto' | 'sendDocument';
  chatId: string;
  messageId: number;
  text: string;
  replyToMessageId: number | null;
  file?: { filename: string; contentType: string; content: Buffer };
};

type Customer = { chatId: number; firstName: string; lastName?: string; username?: string; languageCode?: string };

export type TelegramFake = {
  url: string;
  token: string;
  sent: TelegramSentMessage[];
  rateLimit: RateLimit;
  webhook: { url: string; secretToken: string } | null;
  /** Chats that blocked the bot: sends answer 403. */
  blocked: Set<string>;
  /** A customer writes to the bot (text, optionally a photo or a document, optionally replying to a bot message). */
  customerWrites: (from: Customer, msg: { text?: string; photo?: Buffer; document?: { content: Buffer; filename: string; mimeType: string }; replyTo?: number }, opts?: { wrongSecret?: boolean; retry?: { attempts: number; delayMs: number } }) => Promise<{ updateId: number; messageId: number; webhook?: { status: number; attempts: number } }>;
  /** Updates not yet confirmed by a getUpdates offset. */
  pendingUpdates: () => number;
  fileContent: (fileId: string) => Buffer | undefined;
  close: () => Promise<void>;
};

type Json = Record<string, unknown>;

async function readParams(req: FakeRequest): Promise<{ fields: Json; files: Record<string, { filename: string; contentType: string; content: Buffer }> }> {
  const ct = req.headers['content-type'] ?? '';
  const files: Record<string, { filename: string; contentType: string; content: Buffer }> = {};
  if (ct.startsWith('application/json')) return { fields: req.body.length ? (JSON.parse(req.body.toString('utf8')) as Json) : {}, files };
  if (ct.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(req.body), { headers: { 'content-type': ct } }).formData();
    const fields: Json = {};
    const blobs: Array<[string, File]> = [];
    form.forEach((v, k) => {
      if (typeof v === 'string') fields[k] = v;
      else blobs.push([k, v]);
    });
    for (const [k, v] of blobs) files[k] = { filename: v.name, contentType: v.type, content: Buffer.from(await v.arrayBuffer()) };
    return { fields, files };
  }
  const fields: Json = Object.fromEntries(new URLSearchParams(ct.startsWith('application/x-www-form-urlencoded') ? req.body.toString('utf8') : req.url.search));
  return { fields, files };
}

/** Multipart and form values are strings; JSON-valued parameters (reply_parameters) arrive serialised. */
const jsonParam = (v: unknown): Json | undefined => (typeof v === 'string' ? (JSON.parse(v) as Json) : (v as Json | undefined));

export async function startTelegramFake(opts: { ratePerSecond?: number } = {}): Promise<TelegramFake> {
  const botId = 7_000_000 + Math.floor(Math.random() * 1_000_000);
  const token = `${botId}:${randomBytes(18).toString('base64url')}`;
  const sent: TelegramSentMessage[] = [];
  const blocked = new Set<string>();
  const rateLimit = new RateLimit(opts.ratePerSecond ?? 1000);
  const files = new Map<string, { path: string; content: Buffer }>();
  const chats = new Map<string, Customer>();
  const updates: Array<{ update_id: number } & Json> = [];
  const waiters = new Set<() => void>();
  let webhook: { url: string; secretToken: string } | null = null;
  let nextUpdateId = 100_000;
  let nextMessageId = 1;

  const ok = (res: ServerResponse, result: unknown) => sendJson(res, 200, { ok: true, result });
  const fail = (res: ServerResponse, code: number, description: string, parameters?: Json) =>
    sendJson(res, code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });

  const storeFile = (content: Buffer, ext: string) => {
    const fileId = `AgAC${randomBytes(12).toString('base64url')}`;
    files.set(fileId, { path: `documents/file_${files.size}.${ext}`, content });
    return { fileId, uniqueId: randomBytes(6).toString('hex') };
  };

  const botMessage = (chatId: string, extra: Json) => {
    const chat = chats.get(chatId);
    return { message_id: nextMessageId++, from: { id: botId, is_bot: true, first_name: 'Lantern' }, chat: { id: Number(chatId), type: 'private', first_name: chat?.firstName ?? '' }, date: Math.floor(Date.now() / 1000), ...extra };
  };

  const server = await startFakeServer(async (req, res) => {
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url.pathname);
    if (fileMatch) {
      const file = fileMatch[1] === token ? [...files.values()].find((f) => f.path === fileMatch[2]) : undefined;
      if (!file) return fail(res, 404, 'Not Found');
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(file.content);
      return;
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url.pathname);
    if (!m) return fail(res, 404, 'Not Found');
    if (m[1] !== token) return fail(res, 401, 'Unauthorized');
    const method = m[2]!;
    const { fields, files: uploads } = await readParams(req);
    if (method !== 'getUpdates' && !rateLimit.take()) return fail(res, 429, 'Too Many Requests: retry after 1', { retry_after: 1 });
    switch (method) {
      case 'getMe':
        return ok(res, { id: botId, is_bot: true, first_name: 'Lantern', username: 'lantern_test_bot', can_join_groups: true });
      case 'setWebhook': {
        const url = String(fields.url ?? '');
        const secret = String(fields.secret_token ?? '');
        if (!/^https?:\/\//.test(url)) return fail(res, 400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        if (secret && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return fail(res, 400, 'Bad Request: secret token contains unallowed characters');
        webhook = { url, secretToken: secret };
        return ok(res, true);
      }
      case 'deleteWebhook':
        webhook = null;
        return ok(res, true);
      case 'getWebhookInfo':
        return ok(res, { url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: updates.length });
      case 'getUpdates': {
        if (webhook) return fail(res, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        const offset = Number(fields.offset ?? 0);
        // An offset confirms every update before it: they are never returned again.
        while (updates.length && updates[0]!.update_id < offset) updates.shift();
        const timeout = Math.min(Number(fields.timeout ?? 0), 50);
        if (updates.length === 0 && timeout > 0) {
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              waiters.delete(done);
              resolve();
            };
            const timer = setTimeout(done, timeout * 1000);
            waiters.add(done);
          });
        }
        return ok(res, updates.slice(0, Number(fields.limit ?? 100)));
      }
      case 'getFile': {
        const fileId = String(fields.file_id ?? '');
        const file = files.get(fileId);
        if (!file) return fail(res, 400, 'Bad Request: invalid file_id');
        return ok(res, { file_id: fileId, file_unique_id: fileId.slice(-8), file_size: file.content.length, file_path: file.path });
      }
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument': {
        const chatId = String(fields.chat_id ?? '');
        if (!chats.has(chatId)) return fail(res, 400, 'Bad Request: chat not found');
        if (blocked.has(chatId)) return fail(res, 403, 'Forbidden: bot was blocked by the user');
        const text = String((method === 'sendMessage' ? fields.text : fields.caption) ?? '');
        if (method === 'sendMessage' && !text.trim()) return fail(res, 400, 'Bad Request: message text is empty');
        if (method === 'sendMessage' && text.length > 4096) return fail(res, 400, 'Bad Request: message is too long');
        if (method !== 'sendMessage' && text.length > 1024) return fail(res, 400, 'Bad Request: message caption is too long');
        const upload = uploads[method === 'sendPhoto' ? 'photo' : 'document'];
        if (method !== 'sendMessage' && !upload) return fail(res, 400, `Bad Request: there is no ${method === 'sendPhoto' ? 'photo' : 'document'} in the request`);
        const replyParams = jsonParam(fields.reply_parameters);
        const replyTo = replyParams?.message_id ?? fields.reply_to_message_id;
        const msg = botMessage(chatId, method === 'sendMessage' ? { text } : { caption: text });
        sent.push({ method, chatId, messageId: msg.message_id, text, replyToMessageId: replyTo === undefined ? null : Number(replyTo), ...(upload ? { file: upload } : {}) });
        if (upload) {
          const f = storeFile(upload.content, 'bin');
          Object.assign(msg, method === 'sendPhoto'
            ? { photo: [{ file_id: f.fileId, file_unique_id: f.uniqueId, width: 1, height: 1, file_size: upload.content.length }] }
            : { document: { file_id: f.fileId, file_unique_id: f.uniqueId, file_name: upload.filename, mime_type: upload.contentType, file_size: upload.content.length } });
        }
        return ok(res, msg);
      }
      default:
        return fail(res, 404, 'Not Found: method not found');
    }
  });

  return {
    url: server.url,
    token,
    sent,
    rateLimit,
    get webhook() {
      return webhook;
    },
    blocked,
    async customerWrites(from, msg, o = {}) {
      chats.set(String(from.chatId), from);
      const message: Json = {
        message_id: nextMessageId++,
        from: { id: from.chatId, is_bot: false, first_name: from.firstName, ...(from.lastName ? { last_name: from.lastName } : {}), ...(from.username ? { username: from.username } : {}), language_code: from.languageCode ?? 'en' },
        chat: { id: from.chatId, type: 'private', first_name: from.firstName },
        date: Math.floor(Date.now() / 1000),
      };
      if (msg.photo) {
        const f = storeFile(msg.photo, 'jpg');
        message.photo = [
          { file_id: `${f.fileId}_small`, file_unique_id: `${f.uniqueId}s`, width: 90, height: 90, file_size: 10 },
          { file_id: f.fileId, file_unique_id: f.uniqueId, width: 800, height: 600, file_size: msg.photo.length },
        ];
        if (msg.text) message.caption = msg.text;
      } else if (msg.document) {
        const f = storeFile(msg.document.content, 'bin');
        message.document = { file_id: f.fileId, file_unique_id: f.uniqueId, file_name: msg.document.filename, mime_type: msg.document.mimeType, file_size: msg.document.content.length };
        if (msg.text) message.caption = msg.text;
      } else {
        message.text = msg.text ?? '';
      }
      if (msg.replyTo) message.reply_to_message = { message_id: msg.replyTo, chat: message.chat, date: message.date };
      const update = { update_id: nextUpdateId++, message };
      if (webhook) {
        const secret = o.wrongSecret ? 'not-the-secret' : webhook.secretToken;
        const r = await deliverWebhook(webhook.url, { headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(update) }, o.retry);
        return { updateId: update.update_id, messageId: Number(message.message_id), webhook: { status: r.status, attempts: r.attempts } };
      }
      updates.push(update);
      for (const wake of [...waiters]) wake();
      return { updateId: update.update_id, messageId: Number(message.message_id) };
    },
    pendingUpdates: () => updates.length,
    fileContent: (fileId) => files.get(fileId)?.content,
    close: async () => {
      for (const wake of [...waiters]) wake();
      await server.close();
    },
  };
}
