import type { Logger } from 'pino';
import type { DataStore } from '../../sdk/data-store';
import { PluginError } from '../../sdk/plugin-error';
import type { TelegramApi, TgUpdate } from './telegram-api';

/**
 * Long polling (getUpdates) for bots without a public webhook URL. The offset advances, and is written to the
 * data dir, only after an update was accepted by the host: a crash re-reads it (at-least-once), the host's
 * dedupe by (channel, external id) drops the repeat.
 */
export class TelegramPoller {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  lastError: string | undefined;

  constructor(
    private readonly api: TelegramApi,
    private readonly state: DataStore<number>,
    private readonly handle: (update: TgUpdate) => Promise<void>,
    private readonly opts: { timeoutSeconds: number; log: Logger },
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
  }

  private async loop(): Promise<void> {
    let backoffMs = 500;
    while (!this.abort.signal.aborted) {
      try {
        const offset = this.state.get('offset') ?? 0;
        const updates = await this.api.call<TgUpdate[]>(
          'getUpdates',
          { offset, timeout: this.opts.timeoutSeconds, allowed_updates: ['message'] },
          { timeoutMs: (this.opts.timeoutSeconds + 10) * 1000, signal: this.abort.signal },
        );
        for (const update of updates) {
          await this.handle(update);
          this.state.set('offset', update.update_id + 1);
        }
        this.lastError = undefined;
        backoffMs = 500;
      } catch (err) {
        if (this.abort.signal.aborted) break;
        this.lastError = (err as Error).message;
        const retryAfter = err instanceof PluginError && err.retryAfterSeconds ? err.retryAfterSeconds * 1000 : backoffMs;
        this.opts.log.warn({ err: this.lastError, retryInMs: retryAfter }, 'telegram polling failed');
        await this.sleep(retryAfter);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
  }
}
