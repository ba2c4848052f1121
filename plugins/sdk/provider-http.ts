import { unavailable } from './plugin-error';

/**
 * fetch with a deadline for provider APIs. Network failures and timeouts become UNAVAILABLE so the host retries
 * them; HTTP error statuses are returned to the caller, which knows the provider's error format.
 */
export async function providerFetch(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
  const { timeoutMs = 8000, signal, ...rest } = init;
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    return await fetch(url, { ...rest, signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
  } catch (err) {
    if (signal?.aborted) throw err; // the caller cancelled (shutdown): not a provider fault
    const reason = err instanceof Error && err.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : 'unreachable';
    throw unavailable(`provider ${new URL(url).host} ${reason}`);
  }
}

/** Body as JSON when it is JSON; undefined otherwise (a proxy's HTML error page, an empty body). */
export async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
