import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Shared plumbing of the provider stand-ins: a loopback HTTP server, raw bodies, a per-second rate limit. */
export type FakeRequest = { method: string; url: URL; headers: IncomingMessage['headers']; body: Buffer };
export type FakeHandler = (req: FakeRequest, res: ServerResponse) => Promise<unknown> | unknown;

export async function startFakeServer(handler: FakeHandler): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      Promise.resolve(handler({ method: req.method ?? 'GET', url, headers: req.headers, body: Buffer.concat(chunks) }, res)).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

/** Fixed one-second windows: more than `perSecond` calls in the current second are refused. */
export class RateLimit {
  private windowStart = 0;
  private count = 0;
  constructor(public perSecond: number) {}
  take(now = Date.now()): boolean {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count += 1;
    return this.count <= this.perSecond;
  }
}

/** POST to a webhook, retrying non-2xx answers like providers do (capped, short delays for tests). */
export async function deliverWebhook(
  url: string,
  init: { headers: Record<string, string>; body: string | Buffer; method?: string },
  retry: { attempts: number; delayMs: number } = { attempts: 1, delayMs: 0 },
): Promise<{ status: number; body: string; attempts: number }> {
  let last = { status: 0, body: '' };
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    try {
      const res = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) });
      last = { status: res.status, body: await res.text() };
      if (res.status >= 200 && res.status < 300) return { ...last, attempts: attempt };
    } catch (err) {
      last = { status: 0, body: String(err) };
    }
    if (attempt < retry.attempts) await new Promise((r) => setTimeout(r, retry.delayMs));
  }
  return { ...last, attempts: retry.attempts };
}
