/**
 * A stand-in for Twilio Programmable Messaging (https://www.twilio.com/docs/messaging/api/message-resource):
 * POST /2010-04-01/Accounts/{AccountSid}/Messages.json (form-encoded, basic auth) answering the Message resource
 * or Twilio's error JSON `{code, message, more_info, status}`, GET /2010-04-01/Accounts/{AccountSid}.json, a
 * per-second rate limit (429 / 20429), and signed webhooks (X-Twilio-Signature) for inbound messages and status
 * callbacks. The signature is computed here independently of the plugin's code.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { deliverWebhook, RateLimit, sendJson, startFakeServer } from './fake-http';

export type TwilioSent = { sid: string; to: string; from: string; messagingServiceSid: string; body: string; mediaUrls: string[]; statusCallback: string; receivedAt: number };

export type TwilioFake = {
  url: string;
  accountSid: string;
  authToken: string;
  /** Our Twilio number. */
  number: string;
  sent: TwilioSent[];
  requests: number;
  rateLimit: RateLimit;
  /** Numbers Twilio refuses with 21610 (they replied STOP at the carrier). */
  unsubscribed: Set<string>;
  /** The next N send calls fail with this HTTP status / Twilio code. */
  failNext: (count: number, status: number, code: number) => void;
  sign: (url: string, params: URLSearchParams) => string;
  /** A customer texts our number: Twilio POSTs the signed inbound webhook to `url`. */
  sendInbound: (url: string, msg: { from: string; body: string; sid?: string; media?: Array<{ url: string; contentType: string }> }, opts?: { badSignature?: boolean; retry?: { attempts: number; delayMs: number } }) => Promise<{ status: number; body: string; sid: string; attempts: number }>;
  /** Twilio reports a status for a message it sent: POSTs the signed status callback to the message's StatusCallback. */
  emitStatus: (sid: string, status: string, opts?: { errorCode?: string }) => Promise<{ status: number; body: string }>;
  close: () => Promise<void>;
};

const E164 = /^\+[1-9]\d{6,14}$/;
const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');

function twilioError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
}

function signature(authToken: string, url: string, params: URLSearchParams): string {
  const sorted = [...params].sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  return createHmac('sha1', authToken).update(url + sorted.map(([k, v]) => `${k}${v}`).join('')).digest('base64');
}

export async function startTwilioFake(opts: { ratePerSecond?: number; number?: string } = {}): Promise<TwilioFake> {
  const accountSid = sid('AC');
  const authToken = randomBytes(16).toString('hex');
  const number = opts.number ?? '+15005550006';
  const sent: TwilioSent[] = [];
  const unsubscribed = new Set<string>();
  const rateLimit = new RateLimit(opts.ratePerSecond ?? 1000);
  let failures: { count: number; status: number; code: number } = { count: 0, status: 0, code: 0 };
  let requests = 0;
  const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;

  const server = await startFakeServer((req, res) => {
    requests += 1;
    const auth = req.headers.authorization ?? '';
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (auth !== expected) return twilioError(res, 401, 20003, 'Authenticate');
    if (req.method === 'GET' && req.url.pathname === `/2010-04-01/Accounts/${accountSid}.json`) {
      return sendJson(res, 200, { sid: accountSid, status: 'active', friendly_name: 'Fake account' });
    }
    if (req.method !== 'POST' || req.url.pathname !== messagesPath) return twilioError(res, 404, 20404, 'The requested resource was not found');
    if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) return twilioError(res, 400, 21600, 'Expected form-encoded body');
    if (!rateLimit.take()) return twilioError(res, 429, 20429, 'Too Many Requests', { 'retry-after': '1' });
    if (failures.count > 0) {
      failures.count -= 1;
      return twilioError(res, failures.status, failures.code, 'Injected failure');
    }
    const form = new URLSearchParams(req.body.toString('utf8'));
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    const mediaUrls = form.getAll('MediaUrl');
    if (!E164.test(to)) return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!form.get('From') && !form.get('MessagingServiceSid')) return twilioError(res, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required");
    if (!body && mediaUrls.length === 0) return twilioError(res, 400, 21602, 'Message body is required.');
    if (body.length > 1600) return twilioError(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (unsubscribed.has(to)) return twilioError(res, 400, 21610, 'Attempt to send to unsubscribed recipient');
    const message: TwilioSent = {
      sid: sid('SM'), to, from: form.get('From') ?? number, messagingServiceSid: form.get('MessagingServiceSid') ?? '', body, mediaUrls,
      statusCallback: form.get('StatusCallback') ?? '', receivedAt: Date.now(),
    };
    sent.push(message);
    return sendJson(res, 201, {
      sid: message.sid, account_sid: accountSid, to, from: message.from, body, status: 'queued', direction: 'outbound-api',
      num_segments: '1', num_media: String(mediaUrls.length), error_code: null, error_message: null,
      date_created: new Date().toUTCString(), uri: `${messagesPath.replace('.json', '')}/${message.sid}.json`,
    });
  });

  const post = (url: string, params: URLSearchParams, badSignature = false, retry?: { attempts: number; delayMs: number }) =>
    deliverWebhook(url, {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': badSignature ? signature('wrong-token', url, params) : signature(authToken, url, params),
        'i-twilio-idempotency-token': randomBytes(8).toString('hex'),
      },
      body: params.toString(),
    }, retry);

  return {
    url: server.url,
    accountSid,
    authToken,
    number,
    sent,
    get requests() {
      return requests;
    },
    rateLimit,
    unsubscribed,
    failNext: (count, status, code) => {
      failures = { count, status, code };
    },
    sign: (url, params) => signature(authToken, url, params),
    async sendInbound(url, msg, o = {}) {
      const messageSid = msg.sid ?? sid('SM');
      const params = new URLSearchParams({
        ToCountry: 'US', ToState: 'CA', SmsMessageSid: messageSid, NumMedia: String(msg.media?.length ?? 0), ToCity: '', FromZip: '',
        SmsSid: messageSid, FromState: 'CA', SmsStatus: 'received', FromCity: 'SAN FRANCISCO', Body: msg.body, FromCountry: 'US',
        To: number, MessagingServiceSid: '', ToZip: '', NumSegments: '1', MessageSid: messageSid, AccountSid: accountSid,
        From: msg.from, ApiVersion: '2010-04-01',
      });
      for (const [i, m] of (msg.media ?? []).entries()) {
        params.set(`MediaUrl${i}`, m.url);
        params.set(`MediaContentType${i}`, m.contentType);
      }
      const res = await post(url, params, o.badSignature, o.retry);
      return { ...res, sid: messageSid };
    },
    async emitStatus(messageSid, status, o = {}) {
      const msg = sent.find((m) => m.sid === messageSid);
      if (!msg?.statusCallback) throw new Error(`message ${messageSid} has no StatusCallback`);
      const params = new URLSearchParams({
        SmsSid: messageSid, SmsStatus: status, MessageStatus: status, To: msg.to, MessageSid: messageSid, AccountSid: accountSid,
        From: msg.from, ApiVersion: '2010-04-01',
      });
      if (o.errorCode) params.set('ErrorCode', o.errorCode);
      return post(msg.statusCallback, params);
    },
    close: server.close,
  };
}
