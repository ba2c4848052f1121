import type { Knex } from 'knex';
import type { ReportQuery, TicketReportRow, WorkerReportRow } from '../../core/schemas/report.schema';
import type { Queryable } from '../../db/knex';

/**
 * Cohort reports over `ticket_metrics` (docs/metrics.md): tickets are grouped by the UTC day or ISO week they
 * were created in; percentiles are exact (percentile_cont, which skips nulls) over that cohort.
 */

type Filters = Pick<ReportQuery, 'from' | 'to' | 'teamId' | 'channel' | 'priorityId' | 'tag'>;

function cohort(db: Queryable, q: Filters): Knex.QueryBuilder {
  return db('ticket_metrics as m')
    .where('m.created_at', '>=', q.from)
    .where('m.created_at', '<', q.to)
    .modify((b) => {
      if (q.teamId !== undefined) b.where('m.team_id', q.teamId);
      if (q.channel !== undefined) b.where('m.channel', q.channel);
      if (q.priorityId !== undefined) b.where('m.priority_id', q.priorityId);
      if (q.tag !== undefined) b.whereRaw('m.tags @> ARRAY[?]::text[]', [q.tag]);
    });
}

const period = (groupBy: ReportQuery['groupBy']) => `date_trunc('${groupBy === 'week' ? 'week' : 'day'}', m.created_at AT TIME ZONE 'UTC')::date`;
const pct = (p: number, col: string) => `round((percentile_cont(${p}) WITHIN GROUP (ORDER BY ${col}))::numeric)::float8`;
const day = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

export async function ticketReport(db: Queryable, q: ReportQuery): Promise<TicketReportRow[]> {
  const rows = await cohort(db, q)
    .select(db.raw(`to_char(${period(q.groupBy)}, 'YYYY-MM-DD') AS period`))
    .select(db.raw('count(*)::int AS created'), db.raw('(count(*) FILTER (WHERE m.solved))::int AS solved'))
    .select(db.raw('(count(*) FILTER (WHERE m.reopens > 0))::int AS reopened'))
    .select(db.raw(`${pct(0.5, 'm.first_response_ms')} AS frt50, ${pct(0.9, 'm.first_response_ms')} AS frt90`))
    .select(db.raw(`${pct(0.5, 'm.full_resolution_ms')} AS res50, ${pct(0.9, 'm.full_resolution_ms')} AS res90`))
    .groupByRaw('1').orderByRaw('1');
  return rows.map((r: Record<string, number | string | null>) => ({
    period: day(r.period as string),
    created: r.created as number,
    solved: r.solved as number,
    resolutionRate: (r.created as number) > 0 ? Math.round(((r.solved as number) / (r.created as number)) * 10_000) / 10_000 : null,
    reopened: r.reopened as number,
    firstResponseMedianMs: r.frt50 as number | null,
    firstResponseP90Ms: r.frt90 as number | null,
    resolutionMedianMs: r.res50 as number | null,
    resolutionP90Ms: r.res90 as number | null,
  }));
}

export type WorkerReportOptions = {
  /** Only this worker's rows (computed in SQL, not filtered afterwards). */
  workerId?: number;
  /** One row per worker for the whole range (its `period` is the range's first day) instead of per day/week. */
  wholeRange?: boolean;
};

/**
 * First responses are credited to the first responder, solves (and their resolution times) to the solver, CSAT to
 * the worker the survey went out for (who resolved the ticket), all over the tickets created in each period.
 */
export async function workerReport(db: Queryable, q: ReportQuery, opts: WorkerReportOptions = {}): Promise<WorkerReportRow[]> {
  const periodSql = opts.wholeRange ? `'${day(q.from)}'::date` : period(q.groupBy);
  const base = cohort(db, q).select(db.raw(`${periodSql} AS period`), 'm.ticket_id', 'm.first_responder_id', 'm.first_response_ms', 'm.solved_by_id', 'm.full_resolution_ms', 'm.reopens');
  // An integer from a validated id, inlined: the base query is inlined too, and bindings would re-parse its text.
  const only = (col: string) => (opts.workerId !== undefined ? `AND ${col} = ${Math.trunc(Number(opts.workerId))}` : '');
  const { rows } = await db.raw(
    `WITH base AS (${base.toQuery()}),
     fr AS (SELECT first_responder_id AS worker_id, period, count(*)::int AS n, ${pct(0.5, 'first_response_ms')} AS p50, ${pct(0.9, 'first_response_ms')} AS p90
              FROM base WHERE first_responder_id IS NOT NULL ${only('first_responder_id')} GROUP BY 1, 2),
     sv AS (SELECT solved_by_id AS worker_id, period, count(*)::int AS n, ${pct(0.5, 'full_resolution_ms')} AS p50, ${pct(0.9, 'full_resolution_ms')} AS p90,
                   (count(*) FILTER (WHERE reopens > 0))::float8 / count(*) AS reopen_rate
              FROM base WHERE solved_by_id IS NOT NULL ${only('solved_by_id')} GROUP BY 1, 2),
     cs AS (SELECT s.worker_id, base.period, round(avg(s.rating)::numeric, 2)::float8 AS average
              FROM base JOIN surveys s ON s.ticket_id = base.ticket_id AND s.rating IS NOT NULL AND s.worker_id IS NOT NULL ${only('s.worker_id')}
             GROUP BY 1, 2)
     SELECT to_char(coalesce(fr.period, sv.period), 'YYYY-MM-DD') AS period, w.id AS worker_id, w.name AS worker_name,
            coalesce(fr.n, 0) AS first_responses, fr.p50 AS frt50, fr.p90 AS frt90,
            coalesce(sv.n, 0) AS solved, sv.p50 AS res50, sv.p90 AS res90, round(sv.reopen_rate::numeric, 4)::float8 AS reopen_rate,
            cs.average AS csat_average
       FROM fr FULL JOIN sv ON sv.worker_id = fr.worker_id AND sv.period = fr.period
       JOIN workers w ON w.id = coalesce(fr.worker_id, sv.worker_id)
       LEFT JOIN cs ON cs.worker_id = w.id AND cs.period = coalesce(fr.period, sv.period)
      ORDER BY 1, 2`,
  );
  return (rows as Array<Record<string, number | string | null>>).map((r) => ({
    period: r.period as string,
    workerId: Number(r.worker_id),
    workerName: r.worker_name as string,
    firstResponses: r.first_responses as number,
    firstResponseMedianMs: r.frt50 as number | null,
    firstResponseP90Ms: r.frt90 as number | null,
    solved: r.solved as number,
    resolutionMedianMs: r.res50 as number | null,
    resolutionP90Ms: r.res90 as number | null,
    reopenRate: r.reopen_rate as number | null,
    csatAverage: r.csat_average as number | null,
  }));
}

export type MyStatsFigures = Omit<WorkerReportRow, 'period' | 'workerId' | 'workerName'>;

const figures = ({ period: _p, workerId: _w, workerName: _n, ...rest }: WorkerReportRow): MyStatsFigures => rest;
const NO_FIGURES: MyStatsFigures = {
  firstResponses: 0, firstResponseMedianMs: null, firstResponseP90Ms: null, solved: 0, resolutionMedianMs: null,
  resolutionP90Ms: null, reopenRate: null, csatAverage: null,
};

/** A worker's own rows of the worker report, plus totals over the whole range (true medians, not medians of medians). */
export async function workerOwnStats(
  db: Queryable, workerId: number, q: Pick<ReportQuery, 'from' | 'to' | 'groupBy'>,
): Promise<{ data: Array<{ period: string } & MyStatsFigures>; totals: MyStatsFigures }> {
  const query = { ...q, format: 'json' } as ReportQuery;
  const [rows, whole] = await Promise.all([
    workerReport(db, query, { workerId }),
    workerReport(db, query, { workerId, wholeRange: true }),
  ]);
  return { data: rows.map((r) => ({ period: r.period, ...figures(r) })), totals: whole[0] ? figures(whole[0]) : NO_FIGURES };
}

export type BacklogRow = { teamId: number | null; teamName: string; open: number; unassigned: number; breached: number; dueSoon: number };

/**
 * Unresolved tickets per team right now: open (any status before solved), unassigned, SLA breached and SLA due
 * within the hour (not breached), the last two from the lifecycle instances. Every team is listed, idle ones with
 * zeros; tickets without a team form the `teamId: null` row when there are any.
 */
export async function backlogReport(db: Queryable): Promise<BacklogRow[]> {
  const { rows } = await db.raw(
    `WITH b AS (
       SELECT t.team_id, count(*)::int AS open, (count(*) FILTER (WHERE t.assignee_id IS NULL))::int AS unassigned,
              (count(*) FILTER (WHERE li.breached))::int AS breached,
              (count(*) FILTER (WHERE NOT coalesce(li.breached, false) AND li.next_deadline_at <= now() + interval '1 hour'))::int AS due_soon
         FROM tickets t LEFT JOIN lifecycle_instances li ON li.ticket_id = t.id
        WHERE t.status_category IN ('new', 'open', 'pending', 'on_hold')
        GROUP BY t.team_id
     )
     SELECT tm.id AS team_id, tm.name::text AS team_name, coalesce(b.open, 0) AS open, coalesce(b.unassigned, 0) AS unassigned,
            coalesce(b.breached, 0) AS breached, coalesce(b.due_soon, 0) AS due_soon
       FROM teams tm LEFT JOIN b ON b.team_id = tm.id
     UNION ALL
     SELECT NULL, 'No team', open, unassigned, breached, due_soon FROM b WHERE team_id IS NULL
     ORDER BY 1 NULLS LAST`,
  );
  return (rows as Array<Record<string, number | string | null>>).map((r) => ({
    teamId: r.team_id === null ? null : Number(r.team_id),
    teamName: r.team_name as string,
    open: r.open as number,
    unassigned: r.unassigned as number,
    breached: r.breached as number,
    dueSoon: r.due_soon as number,
  }));
}
