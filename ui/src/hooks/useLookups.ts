import { useQuery } from '@tanstack/react-query';
import { getJson, type Page } from '../api';

export type WorkerSummary = { id: number; name: string; email: string; active: boolean };
export type TeamSummary = { id: number; name: string };
export type TagSummary = { id: number; name: string; usage: number };
export type CustomerSummary = { id: number; name: string; email: string | null };

const FIVE_MINUTES = 300_000;

/** Workers, teams and tags for pickers and for showing names next to ids; they change rarely. */
export function useLookups() {
  const workers = useQuery({ queryKey: ['lookups', 'workers'], queryFn: () => getJson<Page<WorkerSummary>>('/workers?limit=200&active=true'), staleTime: FIVE_MINUTES });
  const teams = useQuery({ queryKey: ['lookups', 'teams'], queryFn: () => getJson<Page<TeamSummary>>('/teams?limit=200'), staleTime: FIVE_MINUTES });
  const tags = useQuery({ queryKey: ['lookups', 'tags'], queryFn: () => getJson<Page<TagSummary>>('/tags?limit=200'), staleTime: FIVE_MINUTES });
  const workerList = workers.data?.data ?? [];
  const teamList = teams.data?.data ?? [];
  return {
    workers: workerList,
    teams: teamList,
    tags: tags.data?.data ?? [],
    workerName: (id: number | null | undefined) => (id == null ? null : workerList.find((w) => w.id === id)?.name ?? `#${id}`),
    teamName: (id: number | null | undefined) => (id == null ? null : teamList.find((t) => t.id === id)?.name ?? `#${id}`),
  };
}

/** One customer by id, cached long: a virtualized list asks only for the requesters of the rows on screen. */
export function useCustomer(id: number) {
  return useQuery({ queryKey: ['lookups', 'customer', id], queryFn: () => getJson<CustomerSummary>(`/customers/${id}`), staleTime: FIVE_MINUTES, retry: false });
}

/** A ticket's number and subject for a reference in a sentence (notifications); off when `id` is null. */
export function useTicketSummary(id: number | null) {
  return useQuery({
    queryKey: ['lookups', 'ticket', id],
    queryFn: () => getJson<{ id: number; number: number; subject: string }>(`/tickets/${id}`),
    enabled: id !== null,
    staleTime: FIVE_MINUTES,
    retry: false,
  });
}
