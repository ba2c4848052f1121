import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

type Notice = { id: number; type: string; ticketId: number };
type PresenceNotice = { ticketId: number };

/** Lists refetch every loaded page: a burst of events (a bulk change) is coalesced into one refresh. */
const LIST_DELAY_MS = 150;
/** Counts run one query per saved view: refreshed at most this often while events keep coming. */
const COUNTS_DELAY_MS = 2000;

/** Invalidate a query key once per window, however many events ask for it meanwhile. */
function coalescer(client: QueryClient) {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  return {
    schedule(key: readonly unknown[], delayMs: number) {
      const id = JSON.stringify(key);
      if (timers.has(id)) return;
      timers.set(id, setTimeout(() => {
        timers.delete(id);
        void client.invalidateQueries({ queryKey: key });
      }, delayMs));
    },
    cancel() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}

/**
 * Subscribe to /api/v1/events while signed in and refresh what an event touches: ticket lists and counts, the
 * ticket and its entries by id, the caller's notifications, who is on a ticket. On (re)connect everything is
 * refreshed, since events may have been missed while the stream was down.
 */
export function useLiveTicketEvents(enabled: boolean): boolean {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled) return undefined;
    const later = coalescer(client);
    const source = new EventSource('/api/v1/events');
    source.onopen = () => {
      setConnected(true);
      for (const key of ['tickets', 'ticket', 'counts', 'notifications', 'presence']) void client.invalidateQueries({ queryKey: [key] });
    };
    source.onerror = () => setConnected(false);
    source.addEventListener('ticket', (e) => {
      const notice = JSON.parse((e as MessageEvent<string>).data) as Notice;
      later.schedule(['tickets'], LIST_DELAY_MS);
      later.schedule(['counts'], COUNTS_DELAY_MS);
      void client.invalidateQueries({ queryKey: ['ticket', notice.ticketId] });
    });
    // `{ id, kind, ticketId }`: the bell's count and lists refetch.
    source.addEventListener('notification', () => void client.invalidateQueries({ queryKey: ['notifications'] }));
    source.addEventListener('presence', (e) => {
      const notice = JSON.parse((e as MessageEvent<string>).data) as PresenceNotice;
      void client.invalidateQueries({ queryKey: ['presence', notice.ticketId] });
    });
    return () => {
      later.cancel();
      source.close();
      setConnected(false);
    };
  }, [enabled, client]);
  return connected;
}
