import type { Queryable } from '../../db/knex';

/**
 * Recompute the metric part of `workers.stats` in one statement (definitions: docs/metrics.md). The result is
 * merged over the existing object, so the `csat` figures survey.service.ts folds in stay as they are.
 */
export async function recomputeWorkerStats(db: Queryable, workerId: number): Promise<void> {
  await db.raw(
    `WITH mine AS (
       SELECT m.* FROM ticket_participants p JOIN ticket_metrics m ON m.ticket_id = p.ticket_id WHERE p.worker_id = :w
     ), replies AS (
       SELECT (r->>'ms')::bigint AS ms FROM mine, jsonb_array_elements(mine.metrics->'replies') r
        WHERE (r->>'workerId')::bigint = :w
     ), firsts AS (SELECT first_response_ms AS ms FROM mine WHERE first_responder_id = :w),
     solved AS (SELECT full_resolution_ms AS ms, reopens FROM mine WHERE solved_by_id = :w),
     figures AS (
       SELECT jsonb_build_object(
         'ticketsInvolved', (SELECT count(*) FROM ticket_participants WHERE worker_id = :w),
         'ticketsSolved', (SELECT count(*) FROM solved),
         'firstResponse', (SELECT jsonb_build_object('count', count(ms),
             'medianMs', round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms))::numeric), 'p90Ms', round((percentile_cont(0.9) WITHIN GROUP (ORDER BY ms))::numeric)) FROM firsts),
         'replyTime', (SELECT jsonb_build_object('count', count(ms),
             'medianMs', round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms))::numeric), 'p90Ms', round((percentile_cont(0.9) WITHIN GROUP (ORDER BY ms))::numeric)) FROM replies),
         'resolution', (SELECT jsonb_build_object('count', count(ms),
             'medianMs', round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms))::numeric), 'p90Ms', round((percentile_cont(0.9) WITHIN GROUP (ORDER BY ms))::numeric)) FROM solved),
         'reopenRate', (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE round(count(*) FILTER (WHERE reopens > 0)::numeric / count(*), 4) END FROM solved),
         'openLoad', (SELECT count(*) FROM tickets WHERE assignee_id = :w AND status_category IN ('new', 'open', 'pending', 'on_hold')),
         'computedAt', now()
       ) AS f
     )
     UPDATE workers SET stats = stats || (SELECT f FROM figures) WHERE id = :w`,
    { w: workerId },
  );
}
