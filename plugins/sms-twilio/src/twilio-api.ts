import { PluginError, resourceExhausted, unavailable } from '../../sdk/plugin-error';
import { providerFetch, readJson } from '../../sdk/provider-http';

export type TwilioCredentials = { apiBaseUrl: string; accountSid: string; authToken: string };

export type SendSmsInput = {
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  mediaUrls?: string[];
  statusCallback?: string;
};

export type TwilioMessage = { sid: string; status: string; num_segments?: string };

type TwilioErrorBody = { code?: number; message?: string; more_info?: string; status?: number };

/**
 * Twilio error → typed plugin error. Codes from https://www.twilio.com/docs/api/errors: 21211/21614/21612/21408
 * are bad or unreachable numbers (not retried), 21610 is a recipient who replied STOP, 20429 and HTTP 429 are
 * throttling, 20003 is bad credentials (a configuration problem), HTTP 5xx is Twilio being down.
 */
export function mapTwilioError(httpStatus: number, body: TwilioErrorBody | undefined, retryAfter?: string | null): PluginError {
  const code = body?.code;
  const message = body?.message ?? `Twilio answered HTTP ${httpStatus}`;
  const providerCode = code === undefined ? String(httpStatus) : String(code);
  if (httpStatus === 429 || code === 20429) {
    const seconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
    return resourceExhausted(message, seconds, providerCode);
  }
  if (httpStatus >= 500) return unavailable(message, providerCode);
  switch (code) {
    case 21610: // unsubscribed recipient
    case 21612: // cannot route to this number from this sender
    case 21408: // region not enabled
    case 20003: // authentication failed
    case 20404: // account or resource not found
      return new PluginError('failed_precondition', message, providerCode);
    case 21211: // invalid To
    case 21614: // To is not a mobile number
    case 21606: // From cannot send
    case 21602: // body required
    case 21617: // body too long
      return new PluginError('invalid_argument', message, providerCode);
    default:
      break;
  }
  if (httpStatus === 401 || httpStatus === 403 || httpStatus === 404) return new PluginError('failed_precondition', message, providerCode);
  return new PluginError('invalid_argument', message, providerCode);
}

/** POST /2010-04-01/Accounts/{AccountSid}/Messages.json (form-encoded, HTTP basic auth AccountSid:AuthToken). */
export async function sendTwilioMessage(creds: TwilioCredentials, input: SendSmsInput): Promise<TwilioMessage> {
  const form = new URLSearchParams();
  form.set('To', input.to);
  if (input.messagingServiceSid) form.set('MessagingServiceSid', input.messagingServiceSid);
  if (input.from) form.set('From', input.from);
  form.set('Body', input.body);
  for (const url of input.mediaUrls ?? []) form.append('MediaUrl', url);
  if (input.statusCallback) form.set('StatusCallback', input.statusCallback);
  const url = `${creds.apiBaseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(creds.accountSid)}/Messages.json`;
  const res = await providerFetch(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${creds.accountSid}:${creds.authToken}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: form.toString(),
  });
  const body = (await readJson(res)) as (TwilioMessage & TwilioErrorBody) | undefined;
  if (!res.ok) throw mapTwilioError(res.status, body, res.headers.get('retry-after'));
  if (!body || typeof body.sid !== 'string') throw unavailable('Twilio answered without a message sid');
  return body;
}

/** GET /2010-04-01/Accounts/{AccountSid}.json: checks the credentials (health). */
export async function fetchTwilioAccount(creds: TwilioCredentials): Promise<void> {
  const url = `${creds.apiBaseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(creds.accountSid)}.json`;
  const res = await providerFetch(url, {
    headers: { authorization: `Basic ${Buffer.from(`${creds.accountSid}:${creds.authToken}`).toString('base64')}` },
    timeoutMs: 3000,
  });
  if (!res.ok) throw mapTwilioError(res.status, (await readJson(res)) as TwilioErrorBody | undefined);
}
