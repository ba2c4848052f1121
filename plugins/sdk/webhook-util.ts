import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time string comparison (hash both sides so lengths do not leak either). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

export const textResponse = (status: number, body: string, contentType = 'text/plain; charset=utf-8') => ({
  status,
  headers: { 'content-type': contentType },
  body,
});

export const jsonResponse = (status: number, value: unknown) => textResponse(status, JSON.stringify(value), 'application/json');
