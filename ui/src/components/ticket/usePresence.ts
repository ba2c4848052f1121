import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, getJson } from '../../api';
import type { Presence } from './types';

const HEARTBEAT_MS = 15_000;

/**
 * Tell others this agent is on the ticket (PUT every 15 s; at once when viewing turns into replying) and
 * leave on unmount or tab close (DELETE, keepalive so it survives the page going away). Presence is advisory:
 * failures are ignored. The others' presence refreshes on the SSE `presence` event (['presence', id]).
 */
export function usePresence(ticketId: number, replying: boolean) {
  const state = replying ? 'replying' : 'viewing';
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    const beat = () => void api(`/tickets/${ticketId}/presence`, { method: 'PUT', body: { state: stateRef.current } }).catch(() => undefined);
    const leave = () => void fetch(`/api/v1/tickets/${ticketId}/presence`, {
      method: 'DELETE', keepalive: true, credentials: 'same-origin', headers: { 'x-lantern-csrf': '1' },
    }).catch(() => undefined);
    const timer = setInterval(beat, HEARTBEAT_MS);
    window.addEventListener('pagehide', leave);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [ticketId]);

  // The first heartbeat, and one whenever the state changes.
  useEffect(() => {
    void api(`/tickets/${ticketId}/presence`, { method: 'PUT', body: { state } }).catch(() => undefined);
  }, [ticketId, state]);

  const others = useQuery({
    queryKey: ['presence', ticketId],
    queryFn: () => getJson<{ data: Presence[] }>(`/tickets/${ticketId}/presence`),
    refetchInterval: HEARTBEAT_MS * 2, // also without live events, entries expire after 40 s
    retry: false,
  });
  return others.data?.data ?? [];
}
