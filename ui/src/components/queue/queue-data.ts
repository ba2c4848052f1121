import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ApiError, getJson, type Page } from '../../api';
import { ticketParams, type QueueTicket, type SavedView, type TicketSort, type ViewCount, type ViewFilters } from './queue-query';

export const PAGE_SIZE = 200;
/** POST /tickets/bulk takes at most this many ids. */
export const BULK_MAX = 1000;

/**
 * The queue's tickets, one keyset page at a time. The key starts with 'tickets' so live events refresh it;
 * TanStack refetches the loaded pages in order, so rows keep their identity (and the list its scroll position).
 */
export function useQueueTickets(filters: ViewFilters, sort: TicketSort) {
  const params = ticketParams(filters, sort).toString();
  return useInfiniteQuery({
    queryKey: ['tickets', 'queue', params],
    queryFn: ({ pageParam }) =>
      getJson<Page<QueueTicket>>(`/tickets?${params}&limit=${PAGE_SIZE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Endpoints of issue 5 may be missing on an older server: treat 404/405 as "not available" instead of an error. */
const unavailable = (err: unknown) => err instanceof ApiError && (err.status === 404 || err.status === 405);
async function optional<T>(path: string): Promise<T | null> {
  try {
    return await getJson<T>(path);
  } catch (err) {
    if (unavailable(err)) return null;
    throw err;
  }
}

/** How many tickets match (GET /tickets/count); refreshed, debounced, by live events under ['counts']. */
export function useTicketCount(filters: ViewFilters) {
  const params = ticketParams(filters).toString();
  return useQuery({
    queryKey: ['counts', 'tickets', params],
    queryFn: async () => (await optional<{ count: number }>(`/tickets/count?${params}`))?.count ?? null,
    staleTime: 30_000,
  });
}

export function useViews() {
  return useQuery({
    queryKey: ['views'],
    queryFn: async () => (await optional<{ data: SavedView[] }>('/views'))?.data ?? [],
    staleTime: 60_000,
  });
}

export function useViewCounts() {
  return useQuery({
    queryKey: ['counts', 'views'],
    queryFn: async () => {
      const res = await optional<{ data: ViewCount[] }>('/views/counts');
      return new Map((res?.data ?? []).map((c) => [c.viewId, c]));
    },
    staleTime: 30_000,
  });
}
