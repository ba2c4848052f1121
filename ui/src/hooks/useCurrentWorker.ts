import { useQuery } from '@tanstack/react-query';
import { getJson, type Me } from '../api';

/** The signed-in principal (already cached by the app shell under ['me']) and a permission test. */
export function useCurrentWorker() {
  const me = useQuery({ queryKey: ['me'], queryFn: () => getJson<Me>('/me'), staleTime: Infinity });
  const permissions = me.data?.permissions ?? [];
  return { me: me.data ?? null, can: (permission: string) => permissions.includes(permission) };
}
