import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, getJson, type Page } from '../../api';

/** GET /notifications item (core/schemas/lifecycle.schema.ts notificationResponse). */
export type AppNotification = {
  id: number;
  kind: string;
  ticketId: number | null;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
};

const missing = (err: unknown) => err instanceof ApiError && (err.status === 404 || err.status === 405);

/** Unread count for the bell; live `notification` events invalidate ['notifications']. */
export function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: async () => {
      try {
        return (await getJson<{ count: number }>('/notifications/unread-count')).count;
      } catch (err) {
        // Older servers: count the first page of unread ones.
        if (!missing(err)) throw err;
        return (await getJson<Page<AppNotification>>('/notifications?unread=true&limit=100')).data.length;
      }
    },
    refetchInterval: 60_000,
  });
}

export function useLatestNotifications(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'latest'],
    queryFn: () => getJson<Page<AppNotification>>('/notifications?limit=8'),
    enabled,
  });
}

export function useNotificationPages(unreadOnly: boolean) {
  return useInfiniteQuery({
    queryKey: ['notifications', 'list', unreadOnly],
    queryFn: ({ pageParam }) =>
      getJson<Page<AppNotification>>(`/notifications?limit=25${unreadOnly ? '&unread=true' : ''}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: ['notifications'] });
  const one = useMutation({
    mutationFn: (id: number) => api(`/notifications/${id}/read`, { method: 'POST' }),
    onSettled: refresh,
  });
  const all = useMutation({
    mutationFn: async (fallbackIds: number[]) => {
      try {
        await api('/notifications/read-all', { method: 'POST' });
      } catch (err) {
        if (!missing(err)) throw err;
        for (const id of fallbackIds) await api(`/notifications/${id}/read`, { method: 'POST' });
      }
    },
    onSettled: refresh,
  });
  return { one, all };
}
