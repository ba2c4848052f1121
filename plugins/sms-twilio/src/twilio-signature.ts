import { createHmac } from 'node:crypto';
import { safeEqual } from '../../sdk/webhook-util';

/**
 * Twilio's request signature (X-Twilio-Signature): base64 HMAC-SHA1, keyed with the account's auth token, of the
 * full URL Twilio called followed by every POST parameter as name+value, sorted by name (values of a repeated
 * name sorted and deduplicated). GET requests sign the URL alone (its query is part of it).
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams | Record<string, string> = {}): string {
  const raw: Array<[string, string]> = params instanceof URLSearchParams ? [...params] : Object.entries(params);
  // Twilio's validators sign each distinct name/value pair once (a repeated identical pair counts once).
  const pairs = [...new Map(raw.map(([k, v]) => [`${k}\u0000${v}`, [k, v] as [string, string]])).values()];
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const data = url + pairs.map(([k, v]) => k + v).join('');
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export function validTwilioSignature(authToken: string, url: string, params: URLSearchParams, signature: string | undefined): boolean {
  if (!signature || !authToken) return false;
  return safeEqual(twilioSignature(authToken, url, params), signature);
}
