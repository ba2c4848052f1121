import { type Calendar, businessMsBetween } from '../lifecycle/business-time';
import type { EntryKind, StatusCategory } from '../ticket';

/**
 * Per-ticket service metrics from the append-only conversation and the status history (definitions: docs/metrics.md).
 * Pure: the caller loads the history; the same input always gives the same output.
 */

export type MetricsEntry = {
  id: number;
  kind: EntryKind;
  authorType: 'customer' | 'worker' | 'system' | 'plugin';
  authorId: number | null;
  /** Epoch ms. */
  at: number;
};

/** `workerId`: the worker who made the change, null for customers, the system and plugins. */
export type MetricsStatusChange = { id: number; category: StatusCategory; at: number; workerId?: number | null };

export type ReplyTime = {
  /** The oldest customer message that was still waiting for an answer. */
  customerMessageAt: number;
  repliedAt: number;
  workerId: number | null;
  ms: number;
  businessMs: number | null;
};

export type TicketMetrics = {
  openedAt: number | null;
  firstResponseMs: number | null;
  firstResponseBusinessMs: number | null;
  firstResponderId: number | null;
  firstRespondedAt: number | null;
  replies: ReplyTime[];
  replyTimeAvgMs: number | null;
  replyTimeMaxMs: number | null;
  replyTimeAvgBusinessMs: number | null;
  replyTimeMaxBusinessMs: number | null;
  firstSolvedAt: number | null;
  lastSolvedAt: number | null;
  /** The worker whose change last solved the ticket (null when solved by the system or not solved). */
  solvedById: number | null;
  /** Open → first solve. */
  firstResolutionMs: number | null;
  /** Open → last solve; null while the ticket is not solved now. */
  fullResolutionMs: number | null;
  firstResolutionBusinessMs: number | null;
  fullResolutionBusinessMs: number | null;
  reopens: number;
  agentReplies: number;
  customerMessages: number;
  solved: boolean;
};

export type TicketMetricsInput = {
  entries: readonly MetricsEntry[];
  statusHistory: readonly MetricsStatusChange[];
  /** The calendar business variants are measured in; null leaves every business variant null. */
  calendar: Calendar | null;
};

const DONE: ReadonlySet<StatusCategory> = new Set(['solved', 'closed']);
/** Waiting on the customer or a third party: the business resolution clock stops. */
const PAUSED: ReadonlySet<StatusCategory> = new Set(['pending', 'on_hold']);

const byTimeThenId = <T extends { at: number; id: number }>(a: T, b: T) => a.at - b.at || a.id - b.id;

const isAgentReply = (e: MetricsEntry) => e.kind === 'public_reply' && e.authorType === 'worker';

function replyTimes(entries: readonly MetricsEntry[], calendar: Calendar | null): ReplyTime[] {
  const replies: ReplyTime[] = [];
  let waitingSince: number | null = null;
  for (const e of entries) {
    if (e.kind === 'customer_message') {
      waitingSince ??= e.at;
    } else if (isAgentReply(e) && waitingSince !== null) {
      replies.push({
        customerMessageAt: waitingSince,
        repliedAt: e.at,
        workerId: e.authorId,
        ms: e.at - waitingSince,
        businessMs: calendar ? businessMsBetween(calendar, waitingSince, e.at) : null,
      });
      waitingSince = null;
    }
    // Internal notes, system events and plugin/system "replies" neither answer nor restart the wait.
  }
  return replies;
}

type Segment = { category: StatusCategory; from: number; to: number };

/** Business time in [from, until) spent in categories that count (not paused, not done). */
function workingBusinessMs(segments: readonly Segment[], until: number, calendar: Calendar): number {
  let total = 0;
  for (const s of segments) {
    if (s.from >= until) break;
    if (PAUSED.has(s.category) || DONE.has(s.category)) continue;
    total += businessMsBetween(calendar, s.from, Math.min(s.to, until));
  }
  return total;
}

const avg = (values: readonly number[]) => (values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null);
const max = (values: readonly number[]) => (values.length ? Math.max(...values) : null);

export function computeTicketMetrics({ entries, statusHistory, calendar }: TicketMetricsInput): TicketMetrics {
  const conversation = [...entries].sort(byTimeThenId);
  const history = [...statusHistory].sort(byTimeThenId);
  const replies = replyTimes(conversation, calendar);
  const first = replies[0];

  const openedAt = history[0]?.at ?? conversation[0]?.at ?? null;
  let firstSolvedAt: number | null = null;
  let lastSolvedAt: number | null = null;
  let solvedById: number | null = null;
  let reopens = 0;
  let previous: StatusCategory | null = null;
  for (const change of history) {
    const done = DONE.has(change.category);
    const wasDone = previous !== null && DONE.has(previous);
    if (done && !wasDone) {
      firstSolvedAt ??= change.at;
      lastSolvedAt = change.at;
      solvedById = change.workerId ?? null;
    } else if (!done && wasDone) {
      reopens += 1;
    }
    previous = change.category;
  }
  const solved = previous !== null && DONE.has(previous);
  const segments: Segment[] = history.map((c, i) => ({ category: c.category, from: c.at, to: history[i + 1]?.at ?? Number.POSITIVE_INFINITY }));
  const span = (to: number | null) => (openedAt !== null && to !== null ? to - openedAt : null);
  const businessSpan = (to: number | null) => (calendar && to !== null ? workingBusinessMs(segments, to, calendar) : null);
  const fullTo = solved ? lastSolvedAt : null;

  const ms = replies.map((r) => r.ms);
  const business = calendar ? replies.map((r) => r.businessMs ?? 0) : [];
  return {
    openedAt,
    firstResponseMs: first?.ms ?? null,
    firstResponseBusinessMs: first?.businessMs ?? null,
    firstResponderId: first?.workerId ?? null,
    firstRespondedAt: first?.repliedAt ?? null,
    replies,
    replyTimeAvgMs: avg(ms),
    replyTimeMaxMs: max(ms),
    replyTimeAvgBusinessMs: avg(business),
    replyTimeMaxBusinessMs: max(business),
    firstSolvedAt,
    lastSolvedAt,
    solvedById: solved ? solvedById : null,
    firstResolutionMs: span(firstSolvedAt),
    fullResolutionMs: span(fullTo),
    firstResolutionBusinessMs: businessSpan(firstSolvedAt),
    fullResolutionBusinessMs: businessSpan(fullTo),
    reopens,
    agentReplies: conversation.filter(isAgentReply).length,
    customerMessages: conversation.filter((e) => e.kind === 'customer_message').length,
    solved,
  };
}
