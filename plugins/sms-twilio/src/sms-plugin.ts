import { join } from 'node:path';
import type { DeliverMessageRequest__Output } from '../../../proto/load';
import { grpcCodeOf } from '../../sdk/host-client';
import { IDEMPOTENCY_TTL_MS } from '../../sdk/data-store';
import { failedPrecondition, invalidArgument } from '../../sdk/plugin-error';
import type { Health, PluginContext, PluginDefinition, WebhookRequest, WebhookResponse } from '../../sdk/plugin-types';
import { parsePluginSettings } from '../../sdk/settings';
import { splitText } from '../../sdk/text-split';
import { textResponse } from '../../sdk/webhook-util';
import manifest from '../manifest.json' with { type: 'json' };
import { MediaStore } from './media-store';
import { normalizePhone, parseKeyword } from './opt-out';
import { countSegments } from './sms-segments';
import { smsSettingsSchema, type SmsSettings } from './sms-settings';
import { fetchTwilioAccount, sendTwilioMessage, type TwilioCredentials } from './twilio-api';
import { validTwilioSignature } from './twilio-signature';
import { mapTwilioStatus } from './twilio-status';

/** Twilio concatenates a body of up to 1600 characters into one message; longer bodies go as several. */
export const TWILIO_MAX_BODY = 1600;
const MAX_MEDIA = 10;
const E164 = /^\+[1-9]\d{6,14}$/;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const HEALTH_TTL_MS = 30_000;

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
const twiml = (reply?: string) =>
  textResponse(200, reply ? `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${xmlEscape(reply)}</Message></Response>` : EMPTY_TWIML, 'text/xml');

/** SMS thread id: the customer's number and ours, so a reply leaves from the number the customer wrote to. */
export const smsThreadId = (customer: string, ours: string) => `${normalizePhone(customer)}:${normalizePhone(ours)}`;

type Configured = { settings: SmsSettings; creds: TwilioCredentials; publicWebhookUrl: string };

export function createSmsPlugin(ctx: PluginContext): PluginDefinition {
  let current: Configured | undefined;
  let health: { at: number; value: Health } | undefined;
  const optOuts = ctx.store<{ optedOut: boolean; at: number }>('opt-outs');
  // Parts of a split message already accepted by Twilio, per idempotency key: a retried delivery sends only the rest.
  const sentParts = ctx.store<string>('sent-parts', { ttlMs: IDEMPOTENCY_TTL_MS });
  const media = new MediaStore(join(ctx.env.dataDir, 'media'));

  const requireConfig = (): Configured => {
    if (!current) throw failedPrecondition('the SMS plugin is not configured');
    return current;
  };

  const isOptedOut = (phone: string) => optOuts.get(normalizePhone(phone))?.optedOut === true;

  async function deliverMessage(req: DeliverMessageRequest__Output) {
    const { settings, creds, publicWebhookUrl } = requireConfig();
    const [threadCustomer, threadOurs] = req.threadExternalId.split(':');
    const to = normalizePhone(req.recipient?.address || threadCustomer || '');
    if (!E164.test(to)) throw invalidArgument(`recipient "${req.recipient?.address ?? ''}" is not an E.164 phone number`);
    if (isOptedOut(to)) throw failedPrecondition(`${to} replied STOP and has not opted back in`, '21610');
    if (!req.bodyText.trim() && req.attachments.length === 0) throw invalidArgument('nothing to send: empty body and no attachments');
    if (req.attachments.length > MAX_MEDIA) throw invalidArgument(`at most ${MAX_MEDIA} attachments per SMS/MMS`);
    if (req.attachments.length && !publicWebhookUrl) throw failedPrecondition('MMS needs a public webhook URL Twilio can fetch media from');

    const from = threadOurs && E164.test(threadOurs) ? threadOurs : settings.fromNumber;
    const statusCallback = publicWebhookUrl ? `${publicWebhookUrl}/status?delivery=${req.deliveryId}` : undefined;
    const parts = req.bodyText.trim() ? splitText(req.bodyText, TWILIO_MAX_BODY) : [''];
    const externalIds: string[] = [];
    for (const [i, body] of parts.entries()) {
      const partKey = `${req.idempotencyKey}#${i}`;
      const done = sentParts.get(partKey);
      if (done) {
        externalIds.push(done);
        continue;
      }
      // Media rides on the first part only.
      const mediaUrls = i === 0 ? req.attachments.map((a) => `${publicWebhookUrl}/media/${media.put(a.content, a.contentType)}`) : [];
      const msg = await sendTwilioMessage(creds, {
        to,
        from: settings.messagingServiceSid ? undefined : from,
        messagingServiceSid: settings.messagingServiceSid,
        body,
        mediaUrls,
        statusCallback,
      });
      sentParts.set(partKey, msg.sid);
      externalIds.push(msg.sid);
      const seg = countSegments(body);
      ctx.log.info({ deliveryId: req.deliveryId, sid: msg.sid, part: i + 1, parts: parts.length, encoding: seg.encoding, segments: seg.segments }, 'sms sent');
    }
    return { state: 'QUEUED' as const, externalIds };
  }

  /** The URL Twilio signed: what the host saw, or rebuilt from the configured webhook URL. */
  const signedUrl = (req: WebhookRequest, base: string) => req.publicUrl || `${base}${req.path}${req.query ? `?${req.query}` : ''}`;

  async function handleInbound(params: URLSearchParams, settings: SmsSettings): Promise<WebhookResponse> {
    const sid = params.get('MessageSid') ?? params.get('SmsSid') ?? '';
    const from = params.get('From') ?? '';
    const to = params.get('To') ?? '';
    const body = params.get('Body') ?? '';
    if (!sid || !from) return textResponse(400, 'MessageSid and From are required');

    const keyword = parseKeyword(body);
    if (keyword === 'opt_out') {
      optOuts.set(normalizePhone(from), { optedOut: true, at: Date.now() });
      ctx.log.info({ sid }, 'opt-out received');
      return twiml(settings.replyToKeywords ? settings.optOutReply : undefined);
    }
    if (keyword === 'opt_in') {
      optOuts.set(normalizePhone(from), { optedOut: false, at: Date.now() });
      return twiml(settings.replyToKeywords ? settings.optInReply : undefined);
    }
    if (keyword === 'help') return twiml(settings.replyToKeywords ? settings.helpReply : undefined);

    const numMedia = Number(params.get('NumMedia') ?? '0') || 0;
    const attachments = Array.from({ length: numMedia }, (_, i) => {
      const url = params.get(`MediaUrl${i}`) ?? '';
      const contentType = params.get(`MediaContentType${i}`) ?? 'application/octet-stream';
      return { url, contentType, filename: `${url.split('/').pop() || `media-${i}`}.${contentType.split('/')[1] ?? 'bin'}`, size: 0, content: Buffer.alloc(0) };
    }).filter((a) => a.url);
    const seg = countSegments(body);
    const metadata: Record<string, string> = { to, encoding: seg.encoding, segments: String(params.get('NumSegments') ?? seg.segments) };
    for (const key of ['FromCountry', 'FromCity', 'FromState'] as const) {
      const v = params.get(key);
      if (v) metadata[key.replace('From', 'from_').toLowerCase()] = v;
    }
    try {
      await ctx.host.submitInboundMessage({
        idempotencyKey: `sms:${sid}`,
        channel: 'sms',
        externalId: sid,
        sender: { address: normalizePhone(from), displayName: '', externalId: '' },
        threadExternalId: smsThreadId(from, to),
        bodyText: body,
        attachments,
        receivedAtMs: Date.now(),
        metadata,
      });
    } catch (err) {
      // Not accepted by the host: answer 503 so the provider retries; the host dedupes by MessageSid.
      ctx.log.warn({ sid, code: grpcCodeOf(err) }, 'inbound message not accepted by the host');
      return textResponse(503, 'try again later');
    }
    return twiml();
  }

  async function handleStatus(params: URLSearchParams, query: URLSearchParams): Promise<WebhookResponse> {
    const sid = params.get('MessageSid') ?? params.get('SmsSid') ?? '';
    const status = params.get('MessageStatus') ?? params.get('SmsStatus') ?? '';
    const state = mapTwilioStatus(status);
    if (!sid || !state) return textResponse(200, ''); // nothing a delivery cares about
    const deliveryId = Number(query.get('delivery') ?? '0');
    try {
      await ctx.host.updateDeliveryStatus({
        idempotencyKey: `sms:${sid}:${status}`,
        deliveryId: Number.isSafeInteger(deliveryId) ? deliveryId : 0,
        externalId: sid,
        state,
        errorCode: params.get('ErrorCode') ?? '',
        errorMessage: params.get('ErrorMessage') ?? '',
        occurredAtMs: Date.now(),
      });
    } catch (err) {
      ctx.log.warn({ sid, code: grpcCodeOf(err) }, 'delivery status not accepted by the host');
      return textResponse(503, 'try again later');
    }
    return textResponse(200, '');
  }

  async function handleWebhook(req: WebhookRequest): Promise<WebhookResponse> {
    const mediaMatch = /^\/media\/([0-9a-f]+)$/.exec(req.path);
    if (mediaMatch && req.method === 'GET') {
      // Twilio fetches MMS media without signing; the token in the path is the secret.
      const file = media.get(mediaMatch[1]!);
      return file ? { status: 200, headers: { 'content-type': file.contentType }, body: file.content } : textResponse(404, 'not found');
    }
    if (req.path !== '/inbound' && req.path !== '/status') return textResponse(404, 'not found');
    if (req.method !== 'POST') return textResponse(405, 'method not allowed');
    const { settings, creds, publicWebhookUrl } = requireConfig();
    const params = new URLSearchParams(req.body.toString('utf8'));
    if (!validTwilioSignature(creds.authToken, signedUrl(req, publicWebhookUrl), params, req.headers['x-twilio-signature'])) {
      ctx.log.warn({ path: req.path }, 'rejected webhook with a bad X-Twilio-Signature');
      return textResponse(403, 'invalid signature');
    }
    if (params.get('AccountSid') && params.get('AccountSid') !== creds.accountSid) return textResponse(403, 'wrong account');
    return req.path === '/inbound' ? handleInbound(params, settings) : handleStatus(params, new URLSearchParams(req.query));
  }

  return {
    describe: {
      id: manifest.id,
      name: manifest.name,
      version: manifest.version,
      kinds: manifest.kinds,
      channels: manifest.channels,
      capabilities: ['deliver.text', 'deliver.attachments', 'webhook', 'delivery_receipts', 'opt_out'],
    },
    configure(config) {
      const settings = parsePluginSettings(smsSettingsSchema, config);
      current = {
        settings,
        creds: { apiBaseUrl: settings.apiBaseUrl, accountSid: settings.accountSid, authToken: settings.authToken },
        publicWebhookUrl: config.publicWebhookUrl.replace(/\/+$/, ''),
      };
      health = undefined;
    },
    async checkHealth() {
      if (!current) return { status: 'NOT_CONFIGURED', detail: 'set the Twilio account SID, auth token and a sender' };
      if (health && Date.now() - health.at < HEALTH_TTL_MS) return health.value;
      let value: Health;
      try {
        await fetchTwilioAccount(current.creds);
        value = { status: 'SERVING' };
      } catch (err) {
        value = { status: 'DEGRADED', detail: `Twilio account check failed: ${(err as Error).message}` };
      }
      health = { at: Date.now(), value };
      return value;
    },
    deliverMessage,
    handleWebhook,
  };
}
