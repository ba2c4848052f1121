import { createHmac } from 'node:crypto';
import { safeEqual } from '../../sdk/webhook-util';

/** X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw request body, keyed with the app secret. */
export const hubSignature256 = (appSecret: string, rawBody: Buffer | string) =>
  `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;

export function validHubSignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!appSecret || !header) return false;
  return safeEqual(hubSignature256(appSecret, rawBody), header.trim().toLowerCase());
}

/** appsecret_proof: hex HMAC-SHA256 of the access token with the app secret, sent with Graph calls. */
export const appSecretProof = (appSecret: string, accessToken: string) => createHmac('sha256', appSecret).update(accessToken).digest('hex');
