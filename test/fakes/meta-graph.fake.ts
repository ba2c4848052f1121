/**
 * A stand-in for the Meta Graph API Send API and the Messenger/Instagram webhooks
 * (https://developers.facebook.com/docs/messenger-platform): POST /{version}/me/messages (JSON or multipart
 * attachment upload, access_token + appsecret_proof) answering `{recipient_id, message_id}` or Graph errors
 * `{error: {message, type, code, error_subcode, fbtrace_id}}` — including the 24-hour window (10/2018278),
 * unknown recipients (100/2018001), bad tokens (190) and the rate limit (613); GET /{version}/me; the webhook
 * subscription handshake (hub.mode/hub.verify_token/hub.challenge) and signed (X-Hub-Signature-256) events for
 * messages, deliveries and reads, retried on non-200 like Meta.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { deliverWebhook, RateLimit, sendJson, startFakeServer } from './fake-http';

export type MetaSent = { recipientId: string; messagingType: string; tag: string | null; text: string; attachment: { type: string; filename: string; content: Buffer } | null; mid: string };

export type MetaGraphFake = {
  url: string;
  version: string;
  appSecret: string;
  pageAccessToken: string;
  pageId: string;
  sent: MetaSent[];
  rateLimit: RateLimit;
  /** Meta's subscription handshake against `url`; true when the challenge came back. */
  subscribe: (url: string, verifyToken: string) => Promise<boolean>;
  /** A person writes to the Page (messenger) or the Instagram account; returns the mid. */
  customerWrites: (psid: string, msg: { text?: string; attachments?: Array<{ type: string; url: string }>; channel?: 'messenger' | 'instagram'; ageMs?: number }, opts?: { badSignature?: boolean; retry?: { attempts: number; delayMs: number } }) => Promise<{ mid: string; status: number; attempts: number }>;
  /** Pretend the person's last message was `ms` ago (the Send API enforces the window from it). */
  ageConversation: (psid: string, ms: number) => void;
  emitDelivery: (psid: string, mids: string[]) => Promise<{ status: number }>;
  emitRead: (psid: string, watermark: number) => Promise<{ status: number }>;
  close: () => Promise<void>;
};

const DAY = 24 * 3600_000;

export async function startMetaGraphFake(opts: { ratePerSecond?: number; version?: string } = {}): Promise<MetaGraphFake> {
  const version = opts.version ?? 'v21.0';
  const appSecret = randomBytes(16).toString('hex');
  const pageAccessToken = `EAAG${randomBytes(24).toString('base64url')}`;
  const pageId = String(100_000_000_000 + Math.floor(Math.random() * 1e9));
  const sent: MetaSent[] = [];
  const rateLimit = new RateLimit(opts.ratePerSecond ?? 1000);
  const lastInbound = new Map<string, number>();
  let webhookUrl = '';

  const graphError = (res: ServerResponse, http: number, code: number, message: string, subcode?: number) =>
    sendJson(res, http, { error: { message, type: code === 190 ? 'OAuthException' : 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: randomBytes(6).toString('base64url') } });

  const server = await startFakeServer(async (req, res) => {
    const token = req.url.searchParams.get('access_token') ?? (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (token !== pageAccessToken) return graphError(res, 400, 190, 'Invalid OAuth access token - Cannot parse access token');
    const proof = req.url.searchParams.get('appsecret_proof');
    if (proof !== null && proof !== createHmac('sha256', appSecret).update(pageAccessToken).digest('hex')) {
      return graphError(res, 400, 100, 'Invalid appsecret_proof provided in the API argument');
    }
    if (req.method === 'GET' && req.url.pathname === `/${version}/me`) return sendJson(res, 200, { id: pageId, name: 'Lantern Test Page' });
    if (req.method !== 'POST' || req.url.pathname !== `/${version}/me/messages`) return graphError(res, 400, 100, 'Unsupported request');
    if (!rateLimit.take()) return graphError(res, 400, 613, 'Calls to this api have exceeded the rate limit.');

    const ct = req.headers['content-type'] ?? '';
    let recipient: { id?: string } = {};
    let messagingType = '';
    let tag: string | null = null;
    let message: { text?: string; attachment?: { type?: string } } = {};
    let upload: { filename: string; content: Buffer } | null = null;
    if (ct.startsWith('application/json')) {
      const body = JSON.parse(req.body.toString('utf8')) as { recipient?: { id?: string }; messaging_type?: string; tag?: string; message?: typeof message };
      recipient = body.recipient ?? {};
      messagingType = body.messaging_type ?? '';
      tag = body.tag ?? null;
      message = body.message ?? {};
    } else if (ct.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(req.body), { headers: { 'content-type': ct } }).formData();
      recipient = JSON.parse(String(form.get('recipient') ?? '{}')) as { id?: string };
      messagingType = String(form.get('messaging_type') ?? '');
      tag = form.get('tag') === null ? null : String(form.get('tag'));
      message = JSON.parse(String(form.get('message') ?? '{}')) as typeof message;
      const file = form.get('filedata');
      if (file && typeof file !== 'string') upload = { filename: file.name, content: Buffer.from(await file.arrayBuffer()) };
    } else {
      return graphError(res, 400, 100, 'Unsupported content type');
    }
    const psid = recipient.id ?? '';
    if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(messagingType)) return graphError(res, 400, 100, '(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}');
    const last = lastInbound.get(psid);
    if (last === undefined) return graphError(res, 400, 100, '(#100) No matching user found', 2018001);
    const age = Date.now() - last;
    const allowed = messagingType === 'MESSAGE_TAG' ? (tag === 'HUMAN_AGENT' ? age <= 7 * DAY : tag !== null) : age <= DAY;
    if (!allowed) return graphError(res, 400, 10, '(#10) This message is sent outside of allowed window.', 2018278);
    const text = message.text ?? '';
    if (text.length > 2000) return graphError(res, 400, 100, '(#100) Length of param message[text] must be less than or equal to 2000');
    if (!text && !message.attachment) return graphError(res, 400, 100, '(#100) The parameter message[text] is required');
    if (message.attachment && !upload) return graphError(res, 400, 100, '(#100) Upload attachment failure.');
    const mid = `m_${randomBytes(18).toString('base64url')}`;
    sent.push({ recipientId: psid, messagingType, tag, text, attachment: upload && message.attachment ? { type: message.attachment.type ?? 'file', ...upload } : null, mid });
    return sendJson(res, 200, { recipient_id: psid, message_id: mid });
  });

  const post = (payload: unknown, badSignature = false, retry?: { attempts: number; delayMs: number }) => {
    if (!webhookUrl) throw new Error('no webhook subscribed');
    const body = JSON.stringify(payload);
    const sig = `sha256=${createHmac('sha256', badSignature ? 'wrong-secret' : appSecret).update(body).digest('hex')}`;
    return deliverWebhook(webhookUrl, { headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, body }, retry);
  };
  const envelope = (channel: 'messenger' | 'instagram', event: Record<string, unknown>) => ({
    object: channel === 'instagram' ? 'instagram' : 'page',
    entry: [{ id: pageId, time: Date.now(), messaging: [event] }],
  });

  return {
    url: server.url,
    version,
    appSecret,
    pageAccessToken,
    pageId,
    sent,
    rateLimit,
    async subscribe(url, verifyToken) {
      const challenge = randomBytes(8).toString('hex');
      const q = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': challenge });
      const res = await fetch(`${url}?${q}`);
      const ok = res.status === 200 && (await res.text()) === challenge;
      if (ok) webhookUrl = url;
      return ok;
    },
    async customerWrites(psid, msg, o = {}) {
      const at = Date.now() - (msg.ageMs ?? 0);
      lastInbound.set(psid, at);
      const mid = `m_${randomBytes(18).toString('base64url')}`;
      const message: Record<string, unknown> = { mid };
      if (msg.text) message.text = msg.text;
      if (msg.attachments?.length) message.attachments = msg.attachments.map((a) => ({ type: a.type, payload: { url: a.url } }));
      const r = await post(envelope(msg.channel ?? 'messenger', { sender: { id: psid }, recipient: { id: pageId }, timestamp: at, message }), o.badSignature, o.retry);
      return { mid, status: r.status, attempts: r.attempts };
    },
    ageConversation(psid, ms) {
      lastInbound.set(psid, Date.now() - ms);
    },
    async emitDelivery(psid, mids) {
      const r = await post(envelope('messenger', { sender: { id: psid }, recipient: { id: pageId }, timestamp: Date.now(), delivery: { mids, watermark: Date.now() } }));
      return { status: r.status };
    },
    async emitRead(psid, watermark) {
      const r = await post(envelope('messenger', { sender: { id: psid }, recipient: { id: pageId }, timestamp: Date.now(), read: { watermark } }));
      return { status: r.status };
    },
    close: server.close,
  };
}
