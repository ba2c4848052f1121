import type { Calendar } from '../lifecycle/calendar.schema';
import type { SkillRequirement } from './rule.schema';
import { SKILL_LEVEL_MAX } from './rule.schema';
import { shiftMinutesLeft } from './shift';

export const AVAILABILITY = ['online', 'away', 'offline'] as const;
export type Availability = (typeof AVAILABILITY)[number];

/** A worker as routing sees them at decision time. */
export type Candidate = {
  workerId: number;
  availability: Availability;
  skills: Readonly<Record<string, number>>;
  languages: readonly string[];
  /** The worker's shift as a calendar; null means "no schedule": always on shift. */
  shift: Calendar | null;
  capacity: number;
  /** Per-channel caps; a channel not listed is bounded only by `capacity`. */
  channelCapacity: Readonly<Record<string, number>>;
  openTickets: number;
  openByChannel: Readonly<Record<string, number>>;
  /** Epoch ms of the worker's last routed assignment, for round robin among equals. */
  lastAssignedAt: number | null;
};

export type Requirements = {
  channel: string;
  requiredSkills: readonly SkillRequirement[];
  language: string | null;
  /** Prefer workers whose shift has at least this many minutes left. */
  minShiftMinutesLeft: number;
  allowOffShift: boolean;
  now: number;
};

export type ShiftTier = 'on_shift' | 'ending_soon' | 'off_shift';
const TIER_RANK: Record<ShiftTier, number> = { on_shift: 2, ending_soon: 1, off_shift: 0 };

export type ScoredCandidate = {
  workerId: number;
  eligible: boolean;
  /** Why a worker was excluded, or notes on how they scored. */
  reasons: string[];
  shift: ShiftTier;
  shiftMinutesLeft: number | null;
  /** open / capacity (per-channel if stricter). */
  load: number;
  /** 1 = levels exactly as required … lower = more over-qualified (experts are kept for the hard tickets). */
  skillFit: number;
  /** Display score in [0, 100]; ranking itself is lexicographic (see compareCandidates). */
  score: number;
  rank: number | null;
};

function loadOf(c: Candidate, channel: string): { load: number; full: string | null } {
  if (c.capacity <= 0 || c.openTickets >= c.capacity) return { load: 1, full: `at capacity (${c.openTickets}/${c.capacity} open)` };
  let load = c.openTickets / c.capacity;
  const cap = c.channelCapacity[channel];
  if (cap !== undefined) {
    const open = c.openByChannel[channel] ?? 0;
    if (open >= cap) return { load: 1, full: `at ${channel} capacity (${open}/${cap} open)` };
    load = Math.max(load, open / cap);
  }
  return { load, full: null };
}

function skillFitOf(c: Candidate, required: readonly SkillRequirement[]): { fit: number; missing: string[] } {
  if (required.length === 0) return { fit: 1, missing: [] };
  const missing: string[] = [];
  let total = 0;
  for (const r of required) {
    const level = c.skills[r.skill];
    if (level === undefined) missing.push(`lacks skill ${r.skill}`);
    else if (level < r.minLevel) missing.push(`skill ${r.skill} at level ${level}, needs ${r.minLevel}`);
    else total += 1 - (level - r.minLevel) / SKILL_LEVEL_MAX;
  }
  return { fit: missing.length ? 0 : total / required.length, missing };
}

/** Score one worker against the ticket's requirements; every exclusion is named. */
export function scoreCandidate(c: Candidate, req: Requirements): ScoredCandidate {
  const reasons: string[] = [];
  if (c.availability !== 'online') reasons.push(`is ${c.availability}`);
  const { fit, missing } = skillFitOf(c, req.requiredSkills);
  reasons.push(...missing);
  if (req.language && !c.languages.map((l) => l.toLowerCase()).includes(req.language.toLowerCase())) reasons.push(`does not speak ${req.language}`);
  const { load, full } = loadOf(c, req.channel);
  if (full) reasons.push(full);
  const minutes = c.shift ? shiftMinutesLeft(c.shift, req.now) : null;
  const shift: ShiftTier = c.shift === null || (minutes !== null && minutes >= req.minShiftMinutesLeft)
    ? 'on_shift' : minutes !== null ? 'ending_soon' : 'off_shift';
  if (shift === 'off_shift' && !req.allowOffShift) reasons.push('is off shift');
  const eligible = reasons.length === 0;
  if (eligible && shift === 'ending_soon') reasons.push(`shift ends in ${minutes} min (< ${req.minShiftMinutesLeft})`);
  if (eligible && shift === 'off_shift') reasons.push('off shift, allowed by rule');
  const score = eligible ? Math.round((TIER_RANK[shift] * 20 + (1 - load) * 50 + fit * 10) * 100) / 100 : 0;
  return { workerId: c.workerId, eligible, reasons, shift, shiftMinutesLeft: minutes, load, skillFit: fit, score, rank: null };
}

/**
 * Ranking: shift tier first (never hand a ticket to someone about to leave if someone else is there), then least
 * loaded relative to capacity, then best skill fit, then round robin: whoever was assigned longest ago.
 */
export function compareCandidates(a: ScoredCandidate & { lastAssignedAt: number | null }, b: ScoredCandidate & { lastAssignedAt: number | null }): number {
  return TIER_RANK[b.shift] - TIER_RANK[a.shift]
    || a.load - b.load
    || b.skillFit - a.skillFit
    || (a.lastAssignedAt ?? -Infinity) - (b.lastAssignedAt ?? -Infinity)
    || a.workerId - b.workerId;
}

/** Every candidate scored and the eligible ones ranked (rank 1 = chosen unless a capacity re-check fails). */
export function rankCandidates(candidates: readonly Candidate[], req: Requirements): ScoredCandidate[] {
  const scored = candidates.map((c) => ({ ...scoreCandidate(c, req), lastAssignedAt: c.lastAssignedAt }));
  const eligible = scored.filter((s) => s.eligible).sort(compareCandidates);
  eligible.forEach((s, i) => { s.rank = i + 1; });
  const ordered = [...eligible, ...scored.filter((s) => !s.eligible).sort((a, b) => a.workerId - b.workerId)];
  return ordered.map(({ lastAssignedAt: _l, ...s }) => s);
}
