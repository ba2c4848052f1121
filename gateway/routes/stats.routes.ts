import { LanternError } from '../../core/errors';
import { backlogResponse, myStatsQuery, myStatsResponse } from '../../core/schemas/report.schema';
import { backlogReport, workerOwnStats } from '../../services/metrics/report.service';
import { defineRoute } from '../http/route';

export const statsRoutes = [
  defineRoute({
    method: 'get', path: '/me/stats', operationId: 'getMyStats', tag: 'Reports',
    summary: 'My own figures per day/week (first responses, solves, medians, reopen rate, CSAT) with totals; default range the last 30 days',
    permission: 'self', query: myStatsQuery,
    responses: { 200: { description: 'My rows of the worker report', schema: myStatsResponse }, 400: { description: 'Not a worker' } },
    handler: async ({ query }, { db, principal }) => {
      if (principal.kind !== 'worker') throw new LanternError('bad_request', 'Only workers have personal stats');
      const { data, totals } = await workerOwnStats(db, principal.id, query);
      return { body: { from: query.from.toISOString(), to: query.to.toISOString(), groupBy: query.groupBy, data, totals } };
    },
  }),
  defineRoute({
    method: 'get', path: '/reports/backlog', operationId: 'backlogReport', tag: 'Reports',
    summary: 'Unresolved tickets per team right now: open, unassigned, SLA breached, SLA due within the hour',
    permission: 'reports:read', responses: { 200: { description: 'One row per team (and one for tickets without a team)', schema: backlogResponse } },
    handler: async (_input, { db }) => ({ body: { data: await backlogReport(db) } }),
  }),
];
