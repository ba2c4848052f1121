import type { RuleOutcome, RuleResult } from './rule-evaluation';
import type { SkillRequirement } from './rule.schema';
import { rankCandidates, type Candidate, type Requirements, type ScoredCandidate } from './scoring';

export const ROUTING_TRIGGERS = ['ticket_created', 'team_changed', 'queue_drain', 'manual', 'escalation', 'assignee_offline'] as const;
export type RoutingTrigger = (typeof ROUTING_TRIGGERS)[number];

export type RoutingOutcome =
  | 'assigned' // a candidate was chosen and passed the capacity re-check
  | 'assigned_by_rule' // the rule named the worker (assignTo)
  | 'queued' // a team but nobody fits now: waits in the team queue
  | 'no_team'; // no rule gave the ticket a team and it had none

/** Everything an admin needs to see why a ticket went where it went; stored as JSON on the ticket. */
export type RoutingDecision = {
  trigger: RoutingTrigger;
  at: string;
  rule: { id: number; name: string } | null;
  taggingRules: Array<{ id: number; name: string }>;
  evaluated: RuleResult[];
  requirements: {
    teamId: number | null;
    channel: string;
    requiredSkills: SkillRequirement[];
    language: string | null;
    minShiftMinutesLeft: number;
    allowOffShift: boolean;
  };
  candidates: ScoredCandidate[];
  /** Ranked candidates passed over at assignment because a concurrent routing filled them first. */
  skipped: Array<{ workerId: number; reason: string }>;
  outcome: RoutingOutcome;
  chosen: number | null;
};

export type PlanInput = {
  trigger: RoutingTrigger;
  outcome: RuleOutcome;
  channel: string;
  candidates: readonly Candidate[];
  minShiftMinutesLeft: number;
  now: number;
};

/**
 * The decision before assignment: candidates scored and ranked. The caller walks `candidates` in rank order,
 * re-checking capacity under a lock, and completes the record with `finishDecision`.
 */
export function planRouting(input: PlanInput): RoutingDecision {
  const { outcome } = input;
  const req: Requirements = {
    channel: input.channel,
    requiredSkills: outcome.requiredSkills,
    language: outcome.language,
    minShiftMinutesLeft: input.minShiftMinutesLeft,
    allowOffShift: outcome.allowOffShift,
    now: input.now,
  };
  const candidates = outcome.teamId === null && outcome.assignTo === null ? [] : rankCandidates(input.candidates, req);
  return {
    trigger: input.trigger,
    at: new Date(input.now).toISOString(),
    rule: outcome.routeRule,
    taggingRules: outcome.taggingRules,
    evaluated: outcome.evaluated,
    requirements: {
      teamId: outcome.teamId, channel: req.channel, requiredSkills: [...req.requiredSkills], language: req.language,
      minShiftMinutesLeft: req.minShiftMinutesLeft, allowOffShift: req.allowOffShift,
    },
    candidates,
    skipped: [],
    outcome: outcome.teamId === null && outcome.assignTo === null ? 'no_team' : 'queued',
    chosen: null,
  };
}

/** Eligible worker ids in rank order. */
export const rankedWorkerIds = (d: RoutingDecision): number[] =>
  d.candidates.filter((c) => c.rank !== null).sort((a, b) => a.rank! - b.rank!).map((c) => c.workerId);

export function finishDecision(d: RoutingDecision, chosen: number | null, skipped: RoutingDecision['skipped'], byRule = false): RoutingDecision {
  if (chosen === null) return { ...d, skipped, chosen: null, outcome: d.outcome === 'no_team' ? 'no_team' : 'queued' };
  return { ...d, skipped, chosen, outcome: byRule ? 'assigned_by_rule' : 'assigned' };
}
