import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import type { SavedView, TicketSort, ViewFilters } from './queue-query';

export type ViewInput = { name?: string; scope?: 'personal' | 'shared'; filters?: ViewFilters; sort?: TicketSort };

/** Create, change and delete saved views; every change refreshes the list and the counts. */
export function useViewMutations() {
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['views'] });
    void client.invalidateQueries({ queryKey: ['counts', 'views'] });
  };
  const create = useMutation({
    mutationFn: async (input: Required<Pick<ViewInput, 'name' | 'scope' | 'filters' | 'sort'>>) => (await api<SavedView>('/views', { method: 'POST', body: input })).body,
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: async ({ id, ...input }: ViewInput & { id: number }) => (await api<SavedView>(`/views/${id}`, { method: 'PATCH', body: input })).body,
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: async (id: number) => { await api(`/views/${id}`, { method: 'DELETE' }); },
    onSuccess: refresh,
  });
  return { create, update, remove };
}
