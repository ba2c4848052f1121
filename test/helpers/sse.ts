/** A Server-Sent Events client for tests: collects `event: ticket` messages (and, apart, every other event) until closed. */
export type SseNotice = { id: number; type: string; ticketId: number };
/** Any message with its `event:` name (`notification`, `presence`, ...). */
export type SseMessage = { event: string; data: Record<string, unknown> };

export type SseStream = {
  status: number;
  contentType: string;
  events: SseNotice[];
  /** Raw `data:` payloads of ticket events, to check nothing but the notice fields is ever sent. */
  raw: string[];
  /** Every message, ticket events included, with its event name. */
  messages: SseMessage[];
  /** Resolve when a message named `event` matching `pred` has arrived; reject after `ms`. */
  waitForMessage: (event: string, pred: (data: Record<string, unknown>) => boolean, ms?: number) => Promise<SseMessage>;
  /** Resolve when an event matching `pred` has arrived; reject after `ms`. */
  waitFor: (pred: (e: SseNotice) => boolean, ms?: number) => Promise<SseNotice>;
  close: () => void;
};

export async function openEventStream(url: string, token: string): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal });
  const events: SseNotice[] = [];
  const raw: string[] = [];
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (!data) continue;
            const event = block.split('\n').find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
            messages.push({ event, data: JSON.parse(data.slice(6)) as Record<string, unknown> });
            if (event === 'ticket') {
              raw.push(data.slice(6));
              events.push(JSON.parse(data.slice(6)) as SseNotice);
            }
            for (const w of waiters) w();
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  } else {
    await res.text();
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    events,
    raw,
    messages,
    waitForMessage: (event, pred, ms = 3000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const hit = messages.find((m) => m.event === event && pred(m.data));
          if (!hit) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching ${event} event within ${ms} ms; got ${JSON.stringify(messages)}`));
        }, ms);
        waiters.add(check);
        check();
      }),
    waitFor: (pred, ms = 3000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find(pred);
          if (!hit) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`));
        }, ms);
        waiters.add(check);
        check();
      }),
    close: () => abort.abort(),
  };
}
