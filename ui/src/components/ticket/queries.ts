/** Queries the ticket page shares. Per-ticket keys start with ['ticket', id] so live events refresh them. */
import { useQuery } from '@tanstack/react-query';
import { getJson, type Page } from '../../api';
import type { CustomField, TagInfo, Team, TicketDetail, Worker } from './types';

const RARELY = 300_000;

export const ticketKey = (id: number) => ['ticket', id] as const;
export const ifMatch = (version: number) => ({ 'If-Match': `"v${version}"` });
export const attachmentUrl = (id: number) => `/api/v1/attachments/${id}/content`;

export const useTicket = (id: number) =>
  useQuery({ queryKey: ticketKey(id), queryFn: () => getJson<TicketDetail>(`/tickets/${id}`) });

export function useWorkers() {
  const q = useQuery({ queryKey: ['settings', 'workers'], queryFn: () => getJson<Page<Worker>>('/workers?limit=200'), staleTime: RARELY });
  return q.data?.data ?? [];
}

/** A worker's name for display; the id while the list loads or for someone not listed. */
export function useWorkerName(): (id: number | null) => string | null {
  const workers = useWorkers();
  return (id) => (id === null ? null : workers.find((w) => w.id === id)?.name ?? null);
}

export function useTeams() {
  const q = useQuery({ queryKey: ['settings', 'teams'], queryFn: () => getJson<Page<Team>>('/teams?limit=200'), staleTime: RARELY });
  return q.data?.data ?? [];
}

export function useTags() {
  const q = useQuery({ queryKey: ['settings', 'tags'], queryFn: () => getJson<Page<TagInfo>>('/tags?limit=200'), staleTime: RARELY });
  return q.data?.data ?? [];
}

export function useCustomFields() {
  const q = useQuery({ queryKey: ['settings', 'custom-fields'], queryFn: () => getJson<Page<CustomField>>('/custom-fields?active=true&limit=200'), staleTime: RARELY });
  return q.data?.data ?? [];
}
