import { toCsv } from '../../core/csv';
import {
  reportQuery, reportResponse, templateReportQuery, templateReportResponse, ticketReportRow, workerReportRow,
} from '../../core/schemas/report.schema';
import { ticketReport, workerReport } from '../../services/metrics/report.service';
import { templateReport } from '../../services/metrics/template-report.service';
import { defineRoute, type Reply } from '../http/route';

/** JSON envelope, or the rows as a CSV download with the same columns. */
function reply<T extends Record<string, unknown>>(q: { from: Date; to: Date; format: 'json' | 'csv'; groupBy?: string }, name: string, rows: T[], columns: Array<keyof T & string>): Reply {
  if (q.format === 'csv') {
    return {
      body: toCsv(columns, rows.map((r) => columns.map((c) => r[c] as string | number | boolean | null))),
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}-${q.from.toISOString().slice(0, 10)}.csv"` },
    };
  }
  return { body: { from: q.from.toISOString(), to: q.to.toISOString(), groupBy: q.groupBy, data: rows } };
}

const TICKET_COLUMNS = ['period', 'created', 'solved', 'resolutionRate', 'reopened', 'firstResponseMedianMs', 'firstResponseP90Ms', 'resolutionMedianMs', 'resolutionP90Ms'] as const;
const TEMPLATE_COLUMNS = ['templateId', 'templateName', 'active', 'uses', 'tickets', 'solvedAfterUse', 'replyToSolveMedianMs', 'csatResponses', 'csatAverage'] as const;
const WORKER_COLUMNS = ['period', 'workerId', 'workerName', 'firstResponses', 'firstResponseMedianMs', 'firstResponseP90Ms', 'solved', 'resolutionMedianMs', 'resolutionP90Ms', 'reopenRate'] as const;

export const reportRoutes = [
  defineRoute({
    method: 'get', path: '/reports/tickets', operationId: 'ticketReport', tag: 'Reports',
    summary: 'Tickets created per day/week: solved, resolution rate, first response and resolution percentiles (JSON or CSV)',
    permission: 'reports:read', query: reportQuery,
    responses: { 200: { description: 'One row per period that has tickets', schema: reportResponse(ticketReportRow) } },
    handler: async ({ query }, { db }) => reply(query, 'tickets-report', await ticketReport(db, query), [...TICKET_COLUMNS]),
  }),
  defineRoute({
    method: 'get', path: '/reports/workers', operationId: 'workerReport', tag: 'Reports',
    summary: 'Per worker and day/week: first responses, solves, resolution percentiles, reopen rate (JSON or CSV)',
    permission: 'reports:read', query: reportQuery,
    responses: { 200: { description: 'One row per worker and period', schema: reportResponse(workerReportRow) } },
    handler: async ({ query }, { db }) => reply(query, 'workers-report', await workerReport(db, query), [...WORKER_COLUMNS]),
  }),
  defineRoute({
    method: 'get', path: '/reports/templates', operationId: 'templateReport', tag: 'Reports',
    summary: 'Per response template: uses, tickets, median reply-to-solve time and CSAT of those tickets (JSON or CSV)',
    permission: 'reports:read', query: templateReportQuery,
    responses: { 200: { description: 'One row per template, most used first', schema: templateReportResponse } },
    handler: async ({ query }, { db }) => reply(query, 'templates-report', await templateReport(db, query), [...TEMPLATE_COLUMNS]),
  }),
];
