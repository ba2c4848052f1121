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

/** First responses are credited to the first responder, solves (and their resolution times) to the solver. */
export async function workerReport(db: Queryable, q: ReportQuery): Promise<WorkerReportRow[]> {
  const base = cohort(db, q).select(db.raw(`${period(q.groupBy)} AS period`), 'm.first_responder_id', 'm.first_response_ms', 'm.solved_by_id', 'm.full_resolution_ms', 'm.reopens');
  const { rows } = await db.raw(
    `WITH base AS (${base.toQuery()}),
     fr AS (SELECT first_responder_id AS worker_id, period, count(*)::int AS n, ${pct(0.5, 'first_response_ms')} AS p50, ${pct(0.9, 'first_response_ms')} AS p90
              FROM base WHERE first_responder_id IS NOT NULL GROUP BY 1, 2),
     sv AS (SELECT solved_by_id AS worker_id, period, count(*)::int AS n, ${pct(0.5, 'full_resolution_ms')} AS p50, ${pct(0.9, 'full_resolution_ms')} AS p90,
                   (count(*) FILTER (WHERE reopens > 0))::float8 / count(*) AS reopen_rate
              FROM base WHERE solved_by_id IS NOT NULL GROUP BY 1, 2)
     SELECT to_char(coalesce(fr.period, sv.period), 'YYYY-MM-DD') AS period, w.id AS worker_id, w.name AS worker_name,
            coalesce(fr.n, 0) AS first_responses, fr.p50 AS frt50, fr.p90 AS frt90,
            coalesce(sv.n, 0) AS solved, sv.p50 AS res50, sv.p90 AS res90, round(sv.reopen_rate::numeric, 4)::float8 AS reopen_rate
       FROM fr FULL JOIN sv ON sv.worker_id = fr.worker_id AND sv.period = fr.period
       JOIN workers w ON w.id = coalesce(fr.worker_id, sv.worker_id)
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
  }));
}
