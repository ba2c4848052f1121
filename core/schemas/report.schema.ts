import { z } from 'zod';
import { CHANNELS } from '../ticket';
import { id } from './common.schema';

const DAY_MS = 86_400_000;
/** Longest range one report may cover (a year, leap day included). */
export const MAX_REPORT_DAYS = 366;

/** A full timestamp with offset, or a date (midnight UTC). */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s))
  .refine((d) => !Number.isNaN(d.getTime()), 'is not a real date');

type Range = { from: Date; to: Date };
type RangeCheck = [(q: Range) => boolean, { message: string; path: string[] }];
const validRange: [RangeCheck, RangeCheck] = [
  [(q) => q.from < q.to, { message: 'must be after from', path: ['to'] }],
  [(q) => q.to.getTime() - q.from.getTime() <= MAX_REPORT_DAYS * DAY_MS, { message: `a report covers at most ${MAX_REPORT_DAYS} days`, path: ['to'] }],
];

export const reportQuery = z
  .strictObject({
    /** Inclusive: tickets created at or after. */
    from: instant,
    /** Exclusive: tickets created before. */
    to: instant,
    groupBy: z.enum(['day', 'week']).default('day'),
    teamId: id.optional(),
    channel: z.enum(CHANNELS).optional(),
    priorityId: id.optional(),
    tag: z.string().trim().min(1).max(100).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine(...validRange[0])
  .refine(...validRange[1]);
export type ReportQuery = z.infer<typeof reportQuery>;

/** Template analytics: uses of templates in [from, to); no grouping or ticket filters. */
export const templateReportQuery = z
  .strictObject({ from: instant, to: instant, format: z.enum(['json', 'csv']).default('json') })
  .refine(...validRange[0])
  .refine(...validRange[1]);
export type TemplateReportQuery = z.infer<typeof templateReportQuery>;

const ms = z.number().nullable();

export const ticketReportRow = z.object({
  period: z.iso.date(),
  created: z.number(),
  solved: z.number(),
  resolutionRate: z.number().nullable(),
  reopened: z.number(),
  firstResponseMedianMs: ms,
  firstResponseP90Ms: ms,
  resolutionMedianMs: ms,
  resolutionP90Ms: ms,
});
export type TicketReportRow = z.infer<typeof ticketReportRow>;

export const workerReportRow = z.object({
  period: z.iso.date(),
  workerId: z.number(),
  workerName: z.string(),
  firstResponses: z.number(),
  firstResponseMedianMs: ms,
  firstResponseP90Ms: ms,
  solved: z.number(),
  resolutionMedianMs: ms,
  resolutionP90Ms: ms,
  reopenRate: z.number().nullable(),
  /** Average CSAT rating (1-5) of answered surveys credited to the worker. */
  csatAverage: z.number().nullable(),
});
export type WorkerReportRow = z.infer<typeof workerReportRow>;

/** GET /me/stats: the caller's own worker-report rows; the range defaults to the last 30 days (whole UTC days). */
export const myStatsQuery = z
  .strictObject({ from: instant.optional(), to: instant.optional(), groupBy: z.enum(['day', 'week']).default('day') })
  .transform((q) => {
    const to = q.to ?? new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS);
    return { from: q.from ?? new Date(to.getTime() - 30 * DAY_MS), to, groupBy: q.groupBy };
  })
  .refine(...validRange[0])
  .refine(...validRange[1]);
export type MyStatsQuery = z.infer<typeof myStatsQuery>;

const myStatsFigures = workerReportRow.omit({ period: true, workerId: true, workerName: true });
export const myStatsResponse = z.object({
  from: z.iso.datetime(), to: z.iso.datetime(), groupBy: z.enum(['day', 'week']),
  data: z.array(myStatsFigures.extend({ period: z.iso.date() })),
  totals: myStatsFigures,
});

export const backlogResponse = z.object({
  data: z.array(z.object({
    teamId: z.number().nullable(), teamName: z.string(), open: z.number(), unassigned: z.number(), breached: z.number(), dueSoon: z.number(),
  })),
});

export const reportResponse = <T extends z.ZodType>(row: T) =>
  z.object({ from: z.iso.datetime(), to: z.iso.datetime(), groupBy: z.enum(['day', 'week']), data: z.array(row) });

export const templateReportRow = z.object({
  templateId: z.number(),
  templateName: z.string(),
  active: z.boolean(),
  uses: z.number(),
  tickets: z.number(),
  /** Uses followed by a solve of their ticket. */
  solvedAfterUse: z.number(),
  replyToSolveMedianMs: ms,
  csatResponses: z.number(),
  csatAverage: z.number().nullable(),
});
export type TemplateReportRow = z.infer<typeof templateReportRow>;

export const templateReportResponse = z.object({ from: z.iso.datetime(), to: z.iso.datetime(), data: z.array(templateReportRow) });
