import { useQuery } from '@tanstack/react-query';
import { getJson, type Page } from '../../api';
import type { CalendarRow, PriorityRow, StatusRow, TeamRow, WorkerRow } from './admin-types';
import type { Option } from './crud-types';

/** Reference data for pickers (teams, workers, …): one page of up to 200, cached briefly. */
function useRefList<T>(path: string) {
  const q = useQuery({ queryKey: ['admin', path, 'options'], queryFn: () => getJson<Page<T>>(`${path}${path.includes('?') ? '&' : '?'}limit=200`), staleTime: 30_000 });
  return q.data?.data ?? [];
}

const named = (rows: Array<{ id: number; name: string }>): Option[] => rows.map((r) => ({ value: String(r.id), label: r.name }));

export const useTeams = () => useRefList<TeamRow>('/teams');
export const useWorkers = () => useRefList<WorkerRow>('/workers?active=true');
export const useCalendars = () => useRefList<CalendarRow>('/calendars');
export const usePriorities = () => useRefList<PriorityRow>('/priorities');
export const useStatuses = () => useRefList<StatusRow>('/statuses');

export const useTeamOptions = () => named(useTeams());
export const useWorkerOptions = () => named(useWorkers());
export const useCalendarOptions = () => named(useCalendars());
