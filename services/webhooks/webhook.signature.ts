import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, Stripe-style: `Lantern-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Signing the timestamp with the body lets receivers reject replays of old captured requests.
 */
export const SIGNATURE_HEADER = 'Lantern-Signature';
export const TIMESTAMP_HEADER = 'Lantern-Timestamp';
export const EVENT_HEADER = 'Lantern-Event';
export const DELIVERY_HEADER = 'Lantern-Delivery';
export const ATTEMPT_HEADER = 'Lantern-Attempt';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** High-entropy signing secret; the whole string (prefix included) is the HMAC key. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function computeSignature(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, body: string | Buffer): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

export type VerifyResult =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'malformed_header' | 'timestamp_out_of_tolerance' | 'signature_mismatch' };

/**
 * Check a received webhook. `body` must be the raw request body exactly as received (not re-serialized JSON).
 * Accepts several `v1=` entries so a future secret roll-over can sign with two secrets at once.
 */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string | Buffer;
  header: string | null | undefined;
  toleranceSeconds?: number;
  nowSeconds?: number;
}): VerifyResult {
  const parts = (input.header ?? '').split(',').map((p) => p.trim().split('='));
  const ts = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)).map(([, v]) => v as string);
  if (!ts || !/^\d{1,12}$/.test(ts) || signatures.length === 0) return { ok: false, reason: 'malformed_header' };
  const timestamp = Number(ts);
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'timestamp_out_of_tolerance' };
  }
  const expected = Buffer.from(computeSignature(input.secret, timestamp, input.body), 'hex');
  const match = signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  return match ? { ok: true, timestamp } : { ok: false, reason: 'signature_mismatch' };
}
