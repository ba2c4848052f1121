import { useInfiniteQuery } from '@tanstack/react-query';
import { getJson, type Page } from '../../api';

/** A keyset-paged admin list (`?limit&cursor`), with "load more"; pageSize 0: a list the API does not page. */
export function useAdminList<T>(path: string, query = '', pageSize = 100) {
  const list = useInfiniteQuery({
    queryKey: ['admin', path, query],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams(query);
      if (pageSize && !params.has('limit')) params.set('limit', String(pageSize));
      if (pageParam) params.set('cursor', pageParam);
      const qs = params.toString();
      return getJson<Page<T>>(qs ? `${path}?${qs}` : path);
    },
    initialPageParam: '',
    getNextPageParam: (last) => (pageSize ? last.nextCursor ?? undefined : undefined),
  });
  return { ...list, rows: list.data?.pages.flatMap((p) => p.data) ?? [] };
}
