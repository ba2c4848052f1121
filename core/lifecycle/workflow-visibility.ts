import type { SearchAttributePair, SearchAttributeType, SearchAttributeUpdatePair } from '@temporalio/common';
import type { TicketSnapshot } from './events';
import type { LifecycleState, LifecycleSummary } from './state';

/**
 * What operators can list running lifecycles by (Temporal search attributes) and what a list shows without
 * querying each workflow (the memo). Ids, categories and instants only: never names, addresses or message text.
 * The attributes must be registered on the namespace once (docs/adr/0004-temporal-shell.md).
 */

type Key<T extends SearchAttributeType> = { readonly name: string; readonly type: T };

export const LIFECYCLE_SEARCH_ATTRIBUTES = {
  status: { name: 'LanternStatus', type: 'KEYWORD' },
  priority: { name: 'LanternPriority', type: 'KEYWORD' },
  team: { name: 'LanternTeam', type: 'KEYWORD' },
  slaDue: { name: 'LanternSlaDue', type: 'DATETIME' },
  slaBreached: { name: 'LanternSlaBreached', type: 'BOOL' },
} as const satisfies Record<string, Key<SearchAttributeType>>;

/** The values behind the search attributes; compared between events so unchanged values are not upserted. */
export type LifecycleVisibility = {
  status: string | null;
  priority: string | null;
  team: string | null;
  /** Next SLA deadline (epoch ms) of a running, unbreached clock. */
  slaDue: number | null;
  slaBreached: boolean;
};

/** Null until ticket_opened: there is nothing to list before the ticket exists. */
export function lifecycleVisibility(state: LifecycleState): LifecycleVisibility | null {
  if (!state.ticket) return null;
  return {
    status: state.ticket.statusCategory,
    priority: state.ticket.priority,
    team: state.ticket.teamId,
    slaDue: state.summary.nextDeadline?.at ?? null,
    slaBreached: state.summary.breachCount > 0,
  };
}

/** Every attribute, null ones removed from the workflow, so the upsert is the whole truth and not a diff. */
export function searchAttributeUpdates(v: LifecycleVisibility): SearchAttributeUpdatePair[] {
  const sa = LIFECYCLE_SEARCH_ATTRIBUTES;
  return [
    { key: sa.status, value: v.status },
    { key: sa.priority, value: v.priority },
    { key: sa.team, value: v.team },
    { key: sa.slaDue, value: v.slaDue === null ? null : new Date(v.slaDue) },
    { key: sa.slaBreached, value: v.slaBreached },
  ];
}

/** The attributes that have a value: what a run starts with (client start, continue-as-new). */
export function searchAttributePairs(v: LifecycleVisibility): SearchAttributePair[] {
  const sa = LIFECYCLE_SEARCH_ATTRIBUTES;
  const pairs: SearchAttributePair[] = [{ key: sa.slaBreached, value: v.slaBreached }];
  if (v.status !== null) pairs.push({ key: sa.status, value: v.status });
  if (v.priority !== null) pairs.push({ key: sa.priority, value: v.priority });
  if (v.team !== null) pairs.push({ key: sa.team, value: v.team });
  if (v.slaDue !== null) pairs.push({ key: sa.slaDue, value: new Date(v.slaDue) });
  return pairs;
}

/** Set by the client at start so a lifecycle is listable before its first workflow task runs. */
export function openingSearchAttributes(ticket: TicketSnapshot): SearchAttributePair[] {
  return searchAttributePairs({ status: ticket.statusCategory, priority: ticket.priority, team: ticket.teamId, slaDue: null, slaBreached: false });
}

export const LIFECYCLE_MEMO_KEY = 'lifecycle';

/** Memo value: the summary a list shows, and the lifecycle time (epoch ms) it last changed. */
export type LifecycleMemo = { summary: LifecycleSummary; changedAt: number | null };

export function lifecycleMemo(state: LifecycleState): LifecycleMemo {
  return { summary: state.summary, changedAt: state.lastEventAt };
}
