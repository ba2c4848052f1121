import { PluginError, resourceExhausted, unavailable } from '../../sdk/plugin-error';
import { providerFetch, readJson } from '../../sdk/provider-http';

/** Bot API answer shape (https://core.telegram.org/bots/api#making-requests). */
export type TelegramAnswer<T> =
  | { ok: true; result: T; description?: string }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };

export type TgUser = { id: number; is_bot?: boolean; first_name: string; last_name?: string; username?: string; language_code?: string };
export type TgChat = { id: number; type: string; title?: string; username?: string; first_name?: string; last_name?: string };
export type TgPhotoSize = { file_id: string; file_unique_id: string; width: number; height: number; file_size?: number };
export type TgDocument = { file_id: string; file_unique_id: string; file_name?: string; mime_type?: string; file_size?: number };
export type TgMessage = {
  message_id: number;
  from?: TgUser;
  chat: TgChat;
  date: number;
  text?: string;
  caption?: string;
  photo?: TgPhotoSize[];
  document?: TgDocument;
  reply_to_message?: { message_id: number };
};
export type TgUpdate = { update_id: number; message?: TgMessage; edited_message?: TgMessage };
export type TgFile = { file_id: string; file_unique_id: string; file_size?: number; file_path?: string };

/**
 * Bot API error → typed plugin error: 429 carries parameters.retry_after (throttled, retried later); 400 is a
 * bad request (chat not found, message too long: not retried); 403 means the user blocked the bot or left;
 * 401/404 a wrong bot token and 409 a webhook/polling conflict (configuration); 5xx Telegram being down.
 */
export function mapTelegramError(answer: { error_code?: number; description?: string; parameters?: { retry_after?: number } } | undefined, httpStatus: number): PluginError {
  const code = answer?.error_code ?? httpStatus;
  const description = answer?.description ?? `Telegram answered HTTP ${httpStatus}`;
  if (code === 429) return resourceExhausted(description, answer?.parameters?.retry_after, '429');
  if (code >= 500) return unavailable(description, String(code));
  if (code === 400) return new PluginError('invalid_argument', description, '400');
  return new PluginError('failed_precondition', description, String(code));
}

export class TelegramApi {
  constructor(private readonly baseUrl: string, private readonly token: string) {}

  /** A JSON method call; `signal` cancels a long poll on shutdown. */
  async call<T>(method: string, params: Record<string, unknown> = {}, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<T> {
    const res = await providerFetch(`${this.base()}/bot${this.token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
    });
    return this.unwrap<T>(res);
  }

  /** A multipart call (sendPhoto / sendDocument with the file's bytes). */
  async upload<T>(method: string, fields: Record<string, string>, file: { field: string; content: Buffer; filename: string; contentType: string }): Promise<T> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append(file.field, new Blob([new Uint8Array(file.content)], { type: file.contentType || 'application/octet-stream' }), file.filename || 'file');
    const res = await providerFetch(`${this.base()}/bot${this.token}/${method}`, { method: 'POST', body: form, timeoutMs: 30_000 });
    return this.unwrap<T>(res);
  }

  /** getFile, then the download from /file/bot<token>/<file_path> (bytes, so the token never leaves the plugin). */
  async download(fileId: string): Promise<{ content: Buffer; filePath: string }> {
    const file = await this.call<TgFile>('getFile', { file_id: fileId });
    if (!file.file_path) throw unavailable(`Telegram gave no file_path for ${fileId}`);
    const res = await providerFetch(`${this.base()}/file/bot${this.token}/${file.file_path}`, { timeoutMs: 30_000 });
    if (!res.ok) throw mapTelegramError(undefined, res.status);
    return { content: Buffer.from(await res.arrayBuffer()), filePath: file.file_path };
  }

  private base(): string {
    return this.baseUrl.replace(/\/+$/, '');
  }

  private async unwrap<T>(res: Response): Promise<T> {
    const body = (await readJson(res)) as TelegramAnswer<T> | undefined;
    if (body && body.ok) return body.result;
    throw mapTelegramError(body && !body.ok ? body : undefined, res.status);
  }
}
