import { useQuery } from '@tanstack/react-query';
import { getJson } from '../../api';

export type GroupBy = 'day' | 'week';
/** A report range: `from` inclusive, `to` exclusive, both YYYY-MM-DD (midnight UTC). */
export type Range = { from: string; to: string; groupBy: GroupBy };

export type Figures = {
  firstResponses: number;
  firstResponseMedianMs: number | null;
  firstResponseP90Ms: number | null;
  solved: number;
  resolutionMedianMs: number | null;
  resolutionP90Ms: number | null;
  reopenRate: number | null;
  csatAverage: number | null;
};
export type MyStats = { from: string; to: string; groupBy: GroupBy; data: Array<Figures & { period: string }>; totals: Figures };
export type WorkerRow = Omit<Figures, 'csatAverage'> & { period: string; workerId: number; workerName: string };
export type TicketRow = {
  period: string; created: number; solved: number; resolutionRate: number | null; reopened: number;
  firstResponseMedianMs: number | null; resolutionMedianMs: number | null;
};
export type BacklogRow = { teamId: number | null; teamName: string; open: number; unassigned: number; breached: number; dueSoon: number };

const DAY = 86_400_000;
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last `days` days up to and including today (UTC). */
export function lastDays(days: number, groupBy: GroupBy = 'day'): Range {
  const tomorrow = Math.floor(Date.now() / DAY) * DAY + DAY;
  return { from: isoDay(tomorrow - days * DAY), to: isoDay(tomorrow), groupBy };
}

const qs = (r: Range) => `from=${r.from}&to=${r.to}&groupBy=${r.groupBy}`;

export function useMyStats(range: Range) {
  return useQuery({ queryKey: ['stats', 'me', range], queryFn: () => getJson<MyStats>(`/me/stats?${qs(range)}`) });
}

export function useTeamReports(range: Range, enabled: boolean) {
  const workers = useQuery({ queryKey: ['stats', 'workers', range], queryFn: () => getJson<{ data: WorkerRow[] }>(`/reports/workers?${qs(range)}`), enabled });
  const tickets = useQuery({ queryKey: ['stats', 'tickets', range], queryFn: () => getJson<{ data: TicketRow[] }>(`/reports/tickets?${qs(range)}`), enabled });
  const backlog = useQuery({ queryKey: ['stats', 'backlog'], queryFn: () => getJson<{ data: BacklogRow[] }>('/reports/backlog'), enabled });
  return { workers, tickets, backlog };
}

/** Per-worker totals over the range: counts summed; medians averaged over periods, weighted by their counts. */
export function workerTotals(rows: WorkerRow[]) {
  const by = new Map<number, { workerId: number; workerName: string; firstResponses: number; solved: number; frtWeighted: number; frtN: number; resWeighted: number; resN: number; reopened: number }>();
  for (const r of rows) {
    const w = by.get(r.workerId) ?? { workerId: r.workerId, workerName: r.workerName, firstResponses: 0, solved: 0, frtWeighted: 0, frtN: 0, resWeighted: 0, resN: 0, reopened: 0 };
    w.firstResponses += r.firstResponses;
    w.solved += r.solved;
    if (r.firstResponseMedianMs !== null) { w.frtWeighted += r.firstResponseMedianMs * r.firstResponses; w.frtN += r.firstResponses; }
    if (r.resolutionMedianMs !== null) { w.resWeighted += r.resolutionMedianMs * r.solved; w.resN += r.solved; }
    if (r.reopenRate !== null) w.reopened += r.reopenRate * r.solved;
    by.set(r.workerId, w);
  }
  return [...by.values()]
    .map((w) => ({
      workerId: w.workerId, workerName: w.workerName, firstResponses: w.firstResponses, solved: w.solved,
      firstResponseMs: w.frtN ? w.frtWeighted / w.frtN : null, resolutionMs: w.resN ? w.resWeighted / w.resN : null,
      reopenRate: w.solved ? w.reopened / w.solved : null,
    }))
    .sort((a, b) => b.solved - a.solved || a.workerName.localeCompare(b.workerName));
}
