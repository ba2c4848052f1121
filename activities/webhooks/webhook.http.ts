/** What one HTTP attempt did, as written to webhook_delivery_attempts. */
export type HttpAttempt = {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseExcerpt: string | null;
};

const EXCERPT_BYTES = 1024;
const ERROR_CHARS = 500;

/** Thrown when the worker is shutting down mid-request: not the receiver's fault, so no attempt is recorded. */
export class ShutdownAbort extends Error {
  constructor() {
    super('webhook request aborted because the worker is shutting down');
    this.name = 'ShutdownAbort';
  }
}

/** Read at most `max` bytes of the response for the log, then drop the rest unread. */
async function readExcerpt(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    while (bytes < max) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = value.subarray(0, max - bytes);
      bytes += chunk.length;
      text += decoder.decode(chunk, { stream: true });
    }
    if (bytes >= max) await reader.cancel();
  } catch {
    // A body that breaks off mid-way does not change what the status code said; keep what arrived.
    text += ' [response body could not be read completely]';
  }
  // PostgreSQL text cannot hold NUL, and binary bodies may contain it.
  return (text + decoder.decode()).replaceAll('\u0000', '');
}

function describeError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err.cause as { message?: unknown } | undefined) : undefined;
  const message = typeof cause?.message === 'string' ? cause.message : err instanceof Error ? err.message : String(err);
  return message.slice(0, ERROR_CHARS);
}

/**
 * POST a webhook body. Never throws for receiver faults (refused, timeout, non-2xx): those are attempts to log.
 * Redirects are not followed: a receiver must answer at the URL it registered.
 */
export async function postWebhook(input: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  shutdown: AbortSignal;
}): Promise<HttpAttempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.any([AbortSignal.timeout(input.timeoutMs), input.shutdown]);
  try {
    const res = await fetch(input.url, { method: 'POST', body: input.body, headers: input.headers, redirect: 'manual', signal });
    const responseExcerpt = await readExcerpt(res, EXCERPT_BYTES);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, error: ok ? null : `HTTP ${res.status}`, durationMs: elapsed(), responseExcerpt };
  } catch (err) {
    if (input.shutdown.aborted) throw new ShutdownAbort();
    return { ok: false, statusCode: null, error: describeError(err, input.timeoutMs), durationMs: elapsed(), responseExcerpt: null };
  }
}
