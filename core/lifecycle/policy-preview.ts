import type { LifecycleCommand } from './commands';
import { decide } from './decider';
import { type LifecycleEvent, type TicketSnapshot, timerFiredEventId } from './events';
import type { Policy, SlaConditions, SlaPolicy } from './policy.schema';
import { conditionsMatch } from './sla-select';
import { SLA_METRICS } from './sla-metric';
import { type LifecycleState, initialLifecycleState } from './state';
import type { StatusCategory } from '../ticket';

/**
 * "What would a sample ticket experience under this policy?": the pure decider driven like an engine would drive
 * it (timers fire at their instant, activities that change the ticket feed their change back), with a scripted
 * timeline standing in for people. Every entry is a machine-readable kind with parameters; clients localize them.
 */

export type ScriptedAction =
  | { kind: 'agent_reply' }
  | { kind: 'customer_reply' }
  | { kind: 'status'; statusCategory: StatusCategory };

export type ScriptedStep = { at: number; action: ScriptedAction };

export type PreviewParam = string | number | boolean | null;
export type PreviewEntry = { at: number; kind: PreviewKind; params: Record<string, PreviewParam> };

export const PREVIEW_KINDS = [
  'ticket_opened',
  'agent_reply',
  'customer_reply',
  'status_set',
  'sla_target',
  'sla_paused',
  'sla_met',
  'sla_warning',
  'sla_breach',
  'escalation',
  'customer_reminder',
  'customer_notification',
  'status_change',
  'survey_sent',
  'agent_alert',
] as const;
export type PreviewKind = (typeof PREVIEW_KINDS)[number];

export type SimulationInput = {
  policy: Policy;
  ticket: TicketSnapshot;
  openedAt: number;
  script: readonly ScriptedStep[];
  /** Nothing at or after this instant is simulated. */
  until: number;
};

export type SimulationResult = { timeline: PreviewEntry[]; finalState: LifecycleState; truncated: boolean };

/** A runaway policy (or a bug) must not hang a request: far more decisions than any real 90-day ticket needs. */
const MAX_DECISIONS = 2_000;

export function simulateLifecycle(input: SimulationInput): SimulationResult {
  const { policy, until } = input;
  const timeline: PreviewEntry[] = [];
  const script = [...input.script].sort((a, b) => a.at - b.at);
  const followUps: LifecycleEvent[] = [];
  let seq = 0;
  let state = initialLifecycleState();

  const step = (event: LifecycleEvent, scripted: ScriptedAction | null) => {
    const before = state;
    const decision = decide(state, event, policy);
    state = decision.state;
    if (event.type === 'ticket_opened') timeline.push({ at: event.at, kind: 'ticket_opened', params: {} });
    if (scripted) timeline.push(scriptedEntry(event.at, scripted));
    timeline.push(...clockEntries(before, state, event.at), ...commandEntries(decision.commands, event.at));
    followUps.push(...feedback(decision.commands, state, event.at, () => `sim-f${(seq += 1)}`));
  };

  step({ type: 'ticket_opened', id: 'sim-open', at: input.openedAt, ticket: input.ticket }, null);
  let decisions = 1;
  let truncated = false;
  while (decisions < MAX_DECISIONS) {
    const follow = followUps.shift();
    if (follow) {
      step(follow, null);
      decisions += 1;
      continue;
    }
    const timer = nextTimer(state);
    const next = script[0];
    // On a tie the timer goes first: what was due at that instant happened before the person acted.
    const useTimer = timer !== null && (next === undefined || timer.fireAt <= next.at);
    const at = useTimer ? timer.fireAt : next?.at;
    if (at === undefined || at >= until) break;
    if (useTimer) {
      step({ type: 'timer_fired', id: timerFiredEventId(timer.name, timer.fireAt), at, name: timer.name }, null);
    } else if (next) {
      script.shift();
      step(scriptedEvent(next, `sim-s${(seq += 1)}`), next.action);
    }
    decisions += 1;
  }
  if (decisions >= MAX_DECISIONS) truncated = true;
  return { timeline: timeline.sort((a, b) => a.at - b.at), finalState: state, truncated };
}

function nextTimer(state: LifecycleState): { name: string; fireAt: number } | null {
  let best: { name: string; fireAt: number } | null = null;
  for (const [name, timer] of Object.entries(state.timers)) {
    if (timer && (best === null || timer.fireAt < best.fireAt)) best = { name, fireAt: timer.fireAt };
  }
  return best;
}

function scriptedEvent(step: ScriptedStep, id: string): LifecycleEvent {
  switch (step.action.kind) {
    case 'agent_reply':
      return { type: 'agent_public_reply', id, at: step.at };
    case 'customer_reply':
      return { type: 'customer_message', id, at: step.at };
    case 'status':
      return { type: 'status_changed', id, at: step.at, to: step.action.statusCategory };
  }
}

function scriptedEntry(at: number, action: ScriptedAction): PreviewEntry {
  if (action.kind === 'status') return { at, kind: 'status_set', params: { statusCategory: action.statusCategory } };
  return { at, kind: action.kind, params: {} };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** SLA clock changes between two states: new deadlines, pauses, fulfilment, warnings and breaches. */
function clockEntries(before: LifecycleState, after: LifecycleState, at: number): PreviewEntry[] {
  const out: PreviewEntry[] = [];
  for (const metric of SLA_METRICS) {
    const b = before.sla.clocks[metric];
    const a = after.sla.clocks[metric];
    if (a.warnedAt !== null && (a.warnedAt !== b.warnedAt || a.cycle !== b.cycle)) {
      out.push({ at: a.warnedAt, kind: 'sla_warning', params: { metric, cycle: a.cycle } });
    }
    if (a.phase === 'running' && a.dueAt !== null && (a.dueAt !== b.dueAt || a.cycle !== b.cycle || b.phase !== 'running')) {
      out.push({
        at,
        kind: 'sla_target',
        params: { metric, cycle: a.cycle, dueAt: iso(a.dueAt), warnAt: a.warnAt === null ? null : iso(a.warnAt), targetMinutes: a.targetMs === null ? null : a.targetMs / 60_000 },
      });
    }
    if (a.phase === 'paused' && b.phase === 'running') out.push({ at, kind: 'sla_paused', params: { metric, cycle: a.cycle } });
    if (a.phase === 'done' && b.phase !== 'done' && a.doneAt !== null) {
      out.push({ at: a.doneAt, kind: 'sla_met', params: { metric, cycle: a.cycle, breached: a.breachedAt !== null } });
    }
  }
  for (const breach of after.sla.breaches.slice(before.sla.breaches.length)) {
    out.push({ at: breach.at, kind: 'sla_breach', params: { metric: breach.metric, cycle: breach.cycle, slaPolicyId: breach.slaPolicyId } });
  }
  return out;
}

/** What the activities would do, as entries; escalations carry the action's own parameters. */
function commandEntries(commands: readonly LifecycleCommand[], at: number): PreviewEntry[] {
  const out: PreviewEntry[] = [];
  for (const c of commands) {
    if (c.type !== 'run_activity') continue;
    if ('escalation' in c.input) {
      const { escalation, ticketId: _ticket, ...rest } = c.input;
      const params: Record<string, PreviewParam> = { action: c.name, metric: escalation.metric, on: escalation.kind, cycle: escalation.cycle };
      for (const [k, v] of Object.entries(rest)) if (v === null || typeof v !== 'object') params[k] = v as PreviewParam;
      out.push({ at: escalation.crossedAt, kind: 'escalation', params });
      continue;
    }
    switch (c.name) {
      case 'notify_customer':
        if (c.input.reason === 'reminder') {
          out.push({ at, kind: 'customer_reminder', params: { number: c.input.reminderNumber, template: c.input.template } });
        } else {
          out.push({ at, kind: 'customer_notification', params: { statusCategory: c.input.statusCategory, template: c.input.template } });
        }
        break;
      case 'set_status':
        out.push({ at, kind: 'status_change', params: { from: c.input.from, to: c.input.to, reason: c.input.reason } });
        break;
      case 'deliver_survey':
        out.push({ at, kind: 'survey_sent', params: { resolution: c.input.resolution } });
        break;
      case 'alert_agent':
        out.push({ at, kind: 'agent_alert', params: { reason: c.input.reason } });
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * The events the ticket service would emit after these activities ran: a raised priority, a new tag or team
 * reaches the decider (and may re-select the SLA); a delivered survey reports success.
 */
function feedback(commands: readonly LifecycleCommand[], state: LifecycleState, at: number, nextId: () => string): LifecycleEvent[] {
  const out: LifecycleEvent[] = [];
  let tags = [...(state.ticket?.tags ?? [])];
  for (const c of commands) {
    if (c.type !== 'run_activity') continue;
    if (c.name === 'raise_priority' && c.input.to !== c.input.from) out.push({ type: 'priority_changed', id: nextId(), at, to: c.input.to });
    if (c.name === 'reassign_team') out.push({ type: 'team_changed', id: nextId(), at, to: c.input.to });
    if (c.name === 'add_tag' && !tags.includes(c.input.tag)) {
      tags = [...tags, c.input.tag];
      out.push({ type: 'tags_changed', id: nextId(), at, tags });
    }
    if (c.name === 'deliver_survey') {
      out.push({ type: 'activity_result', id: nextId(), at, name: c.name, idempotencyKey: c.idempotencyKey, ok: true });
    }
  }
  return out;
}

// ---- Why an SLA policy matched ----

export type ConditionCheck = { condition: keyof SlaConditions; values: string[]; met: boolean };
export type SlaCandidate = { id: string; name: string | null; matched: boolean; checks: ConditionCheck[] };
export type SlaMatchExplanation = { matched: SlaPolicy | null; candidates: SlaCandidate[] };

const CONDITION_KEYS = ['priorities', 'teamIds', 'organizationIds', 'channels', 'tagsAny', 'tagsAll', 'tagsNone'] as const;

/** Every SLA policy up to the first match, each with its conditions and whether the ticket met them. */
export function explainSlaMatch(policy: Policy, ticket: TicketSnapshot): SlaMatchExplanation {
  const candidates: SlaCandidate[] = [];
  for (const sla of policy.sla.policies) {
    const checks = CONDITION_KEYS.flatMap((condition) => {
      const values = sla.when[condition];
      if (values === undefined) return [];
      return [{ condition, values: [...values], met: conditionsMatch({ [condition]: values }, ticket) }];
    });
    const matched = conditionsMatch(sla.when, ticket);
    candidates.push({ id: sla.id, name: sla.name ?? null, matched, checks });
    if (matched) return { matched: sla, candidates };
  }
  return { matched: null, candidates };
}
