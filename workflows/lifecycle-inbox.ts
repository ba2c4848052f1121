import { LIFECYCLE_EVENT_TYPES } from '../core/lifecycle/events';
import type { LifecycleMessage } from '../core/lifecycle/workflow-contract';

const EVENT_TYPES: ReadonlySet<string> = new Set(LIFECYCLE_EVENT_TYPES);

/** Signals cannot be rejected, so a malformed one is recognised here and dropped instead of failing the decider. */
function isLifecycleMessage(value: unknown): value is LifecycleMessage {
  if (typeof value !== 'object' || value === null) return false;
  const event = (value as { event?: unknown }).event;
  if (typeof event !== 'object' || event === null) return false;
  const { id, type, at } = event as { id?: unknown; type?: unknown; at?: unknown };
  return typeof id === 'string' && id !== '' && typeof type === 'string' && EVENT_TYPES.has(type) && typeof at === 'number' && Number.isFinite(at);
}

/**
 * Events waiting for the decider, in arrival order. Message handlers only `offer`; the main loop `take`s. An id the
 * decider has already seen, or one already queued, is dropped here so a retried signal never applies twice.
 */
export class LifecycleInbox {
  private readonly queue: LifecycleMessage[] = [];
  private readonly queued = new Set<string>();

  constructor(private readonly alreadyDecided: (eventId: string) => boolean) {}

  get size(): number {
    return this.queue.length;
  }

  /** True when the message was queued; false for a duplicate or malformed one. */
  offer(message: unknown): boolean {
    if (!isLifecycleMessage(message)) return false;
    const { id } = message.event;
    if (this.queued.has(id) || this.alreadyDecided(id)) return false;
    this.queue.push(message);
    this.queued.add(id);
    return true;
  }

  take(): LifecycleMessage | undefined {
    const message = this.queue.shift();
    if (message) this.queued.delete(message.event.id);
    return message;
  }

  /** Everything still queued, for continue-as-new. */
  takeAll(): LifecycleMessage[] {
    const all = this.queue.splice(0);
    this.queued.clear();
    return all;
  }
}
