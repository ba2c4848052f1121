import { PluginError, resourceExhausted, unavailable } from '../../sdk/plugin-error';
import { providerFetch, readJson } from '../../sdk/provider-http';
import { appSecretProof } from './meta-signature';
import type { MessagingType } from './messaging-window';

export type GraphCredentials = { baseUrl: string; version: string; pageAccessToken: string; appSecret: string };
type GraphErrorBody = { error?: { message?: string; type?: string; code?: number; error_subcode?: number; fbtrace_id?: string } };

/**
 * Graph API error → typed plugin error (https://developers.facebook.com/docs/messenger-platform/error-codes):
 * rate limits (4, 17, 32, 613, 80006) are throttling; 1 and 2 are transient; 10/2018278 is "outside the
 * allowed window", 551 "person not available", 190 a bad token and 200-299 missing permissions — all
 * preconditions; 100 is a bad parameter (e.g. 2018001 no such user).
 */
export function mapGraphError(httpStatus: number, body: GraphErrorBody | undefined): PluginError {
  const e = body?.error;
  const code = e?.code;
  const message = e?.message ?? `Graph API answered HTTP ${httpStatus}`;
  const providerCode = code === undefined ? String(httpStatus) : e?.error_subcode ? `${code}/${e.error_subcode}` : String(code);
  if (code !== undefined && [4, 17, 32, 613, 80006].includes(code)) return resourceExhausted(message, undefined, providerCode);
  if (httpStatus === 429) return resourceExhausted(message, undefined, providerCode);
  if (code === 1 || code === 2 || httpStatus >= 500) return unavailable(message, providerCode);
  if (code === 10 || code === 551 || code === 190 || code === 230 || (code !== undefined && code >= 200 && code <= 299)) {
    return new PluginError('failed_precondition', message, providerCode);
  }
  return new PluginError('invalid_argument', message, providerCode);
}

export type SendResult = { recipient_id: string; message_id: string };

export class GraphApi {
  constructor(private readonly creds: GraphCredentials) {}

  private messagesUrl(): string {
    const q = new URLSearchParams({ access_token: this.creds.pageAccessToken, appsecret_proof: appSecretProof(this.creds.appSecret, this.creds.pageAccessToken) });
    return `${this.creds.baseUrl.replace(/\/+$/, '')}/${this.creds.version}/me/messages?${q}`;
  }

  /** POST /{version}/me/messages (Send API) with a text message. */
  async sendText(recipientId: string, text: string, type: MessagingType): Promise<SendResult> {
    const res = await providerFetch(this.messagesUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: { id: recipientId }, ...type, message: { text } }),
    });
    return this.unwrap(res);
  }

  /** Send API attachment upload (multipart `filedata`). */
  async sendFile(recipientId: string, file: { content: Buffer; filename: string; contentType: string }, type: MessagingType): Promise<SendResult> {
    const kind = file.contentType.startsWith('image/') ? 'image' : file.contentType.startsWith('video/') ? 'video' : file.contentType.startsWith('audio/') ? 'audio' : 'file';
    const form = new FormData();
    form.append('recipient', JSON.stringify({ id: recipientId }));
    form.append('messaging_type', type.messaging_type);
    if (type.messaging_type === 'MESSAGE_TAG') form.append('tag', type.tag);
    form.append('message', JSON.stringify({ attachment: { type: kind, payload: { is_reusable: false } } }));
    form.append('filedata', new Blob([new Uint8Array(file.content)], { type: file.contentType || 'application/octet-stream' }), file.filename || 'file');
    const res = await providerFetch(this.messagesUrl(), { method: 'POST', body: form, timeoutMs: 30_000 });
    return this.unwrap(res);
  }

  /** GET /{version}/me: checks the page token (health). */
  async me(): Promise<void> {
    const q = new URLSearchParams({ access_token: this.creds.pageAccessToken, fields: 'id,name' });
    const res = await providerFetch(`${this.creds.baseUrl.replace(/\/+$/, '')}/${this.creds.version}/me?${q}`, { timeoutMs: 3000 });
    if (!res.ok) throw mapGraphError(res.status, (await readJson(res)) as GraphErrorBody | undefined);
  }

  private async unwrap(res: Response): Promise<SendResult> {
    const body = (await readJson(res)) as (SendResult & GraphErrorBody) | undefined;
    if (!res.ok || body?.error) throw mapGraphError(res.status, body);
    if (!body?.message_id) throw unavailable('Send API answered without a message_id');
    return body;
  }
}
