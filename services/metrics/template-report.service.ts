import type { TemplateReportQuery, TemplateReportRow } from '../../core/schemas/report.schema';
import type { Queryable } from '../../db/knex';

/**
 * Template analytics (docs/metrics.md): every template, with the uses made of it in [from, to).
 * Reply-to-solve: from the reply that used the template to its ticket's next solve (a change into solved/closed
 * from another category, as in ticket metrics); uses not followed by a solve yet are left out of the median.
 * CSAT: answered surveys of the tickets the template was used on in the range, each survey once.
 */
export async function templateReport(db: Queryable, q: TemplateReportQuery): Promise<TemplateReportRow[]> {
  const { rows } = await db.raw(
    `WITH uses AS (
       SELECT id, template_id, ticket_id, used_at FROM template_uses WHERE used_at >= :from AND used_at < :to
     ),
     history AS (
       SELECT h.ticket_id, h.changed_at, h.category,
              lag(h.category) OVER (PARTITION BY h.ticket_id ORDER BY h.changed_at, h.id) AS previous
         FROM ticket_status_history h WHERE h.ticket_id IN (SELECT ticket_id FROM uses)
     ),
     solves AS (
       SELECT ticket_id, changed_at FROM history
        WHERE category IN ('solved', 'closed') AND (previous IS NULL OR previous NOT IN ('solved', 'closed'))
     ),
     per_use AS (
       SELECT u.template_id, u.ticket_id,
              (SELECT extract(epoch FROM min(s.changed_at) - u.used_at) * 1000 FROM solves s
                WHERE s.ticket_id = u.ticket_id AND s.changed_at >= u.used_at) AS to_solve_ms
         FROM uses u
     ),
     agg AS (
       SELECT template_id, count(*)::int AS uses, count(DISTINCT ticket_id)::int AS tickets,
              count(to_solve_ms)::int AS solved_after_use,
              round((percentile_cont(0.5) WITHIN GROUP (ORDER BY to_solve_ms))::numeric)::float8 AS to_solve_p50
         FROM per_use GROUP BY template_id
     ),
     csat AS (
       SELECT t.template_id, count(*)::int AS responses, round(avg(s.rating)::numeric, 2)::float8 AS average
         FROM (SELECT DISTINCT template_id, ticket_id FROM uses) t
         JOIN surveys s ON s.ticket_id = t.ticket_id AND s.answered_at IS NOT NULL AND s.rating IS NOT NULL
        GROUP BY t.template_id
     )
     SELECT rt.id, rt.name, rt.active, coalesce(agg.uses, 0) AS uses, coalesce(agg.tickets, 0) AS tickets,
            coalesce(agg.solved_after_use, 0) AS solved_after_use, agg.to_solve_p50,
            coalesce(csat.responses, 0) AS csat_responses, csat.average AS csat_average
       FROM response_templates rt
       LEFT JOIN agg ON agg.template_id = rt.id
       LEFT JOIN csat ON csat.template_id = rt.id
      ORDER BY uses DESC, rt.id`,
    { from: q.from, to: q.to },
  );
  return (rows as Array<Record<string, unknown>>).map((r) => ({
    templateId: Number(r.id),
    templateName: r.name as string,
    active: r.active as boolean,
    uses: r.uses as number,
    tickets: r.tickets as number,
    solvedAfterUse: r.solved_after_use as number,
    replyToSolveMedianMs: r.to_solve_p50 as number | null,
    csatResponses: r.csat_responses as number,
    csatAverage: r.csat_average as number | null,
  }));
}
