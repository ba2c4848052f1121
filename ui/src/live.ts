import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

type Notice = { id: number; type: string; ticketId: number };

/**
 * Subscribe to /api/v1/events while signed in and refresh what an event touches: ticket lists always, the
 * ticket and its entries by id. On (re)connect everything ticket-related is refreshed, since events may have
 * been missed while the stream was down.
 */
export function useLiveTicketEvents(enabled: boolean): boolean {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled) return undefined;
    const source = new EventSource('/api/v1/events');
    source.onopen = () => {
      setConnected(true);
      void client.invalidateQueries({ queryKey: ['tickets'] });
      void client.invalidateQueries({ queryKey: ['ticket'] });
    };
    source.onerror = () => setConnected(false);
    source.addEventListener('ticket', (e) => {
      const notice = JSON.parse((e as MessageEvent<string>).data) as Notice;
      void client.invalidateQueries({ queryKey: ['tickets'] });
      void client.invalidateQueries({ queryKey: ['ticket', notice.ticketId] });
    });
    return () => {
      source.close();
      setConnected(false);
    };
  }, [enabled, client]);
  return connected;
}
