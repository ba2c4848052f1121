import { validationError } from '../../core/errors';
import type { TicketSnapshot } from '../../core/lifecycle/events';
import { policyFieldErrors, priorityKey } from '../../core/lifecycle/policy-compile';
import { explainSlaMatch, simulateLifecycle, type ScriptedStep } from '../../core/lifecycle/policy-preview';
import { parsePolicy, type Policy } from '../../core/lifecycle/policy.schema';
import type { LifecyclePreviewInput, LifecyclePreviewView } from '../../core/schemas/lifecycle-preview.schema';
import type { Queryable } from '../../db/knex';
import { assertReferencesExist } from '../reference-check';
import { latestPolicyVersion } from './policy-versions';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Loads what the preview needs (policy in force or a validated draft, the priorities, an optional calendar) and
 * runs the pure simulation. Read-only: no rows, no jobs, no events; `now` is passed in for the default creation time.
 */
export async function previewLifecyclePolicy(db: Queryable, input: LifecyclePreviewInput, now: number): Promise<LifecyclePreviewView> {
  const { ticket } = input;
  const checks = [{ path: 'ticket.priority', table: 'priorities', id: ticket.priority }];
  if (ticket.teamId != null) checks.push({ path: 'ticket.teamId', table: 'teams', id: ticket.teamId });
  if (ticket.organizationId != null) checks.push({ path: 'ticket.organizationId', table: 'organizations', id: ticket.organizationId });
  if (input.calendarId !== undefined) checks.push({ path: 'calendarId', table: 'calendars', id: input.calendarId });
  await assertReferencesExist(db, checks);

  const latest = await latestPolicyVersion(db);
  const priorities = (await db('priorities').orderBy('rank').pluck('name')) as string[];
  let policy: Policy = input.policy ? draftPolicy(input.policy, latest.version + 1, priorities.map(priorityKey)) : parsePolicy(latest.document);
  if (input.calendarId !== undefined) {
    const c = await db('calendars').where({ id: input.calendarId }).first('time_zone', 'weekly_hours', 'holidays');
    policy = validated({ ...policy, calendar: { timeZone: c.time_zone, weeklyHours: c.weekly_hours, holidays: c.holidays } });
  }

  const priorityRow = await db('priorities').where({ id: ticket.priority }).first('name');
  const openedAt = ticket.createdAt ? Date.parse(ticket.createdAt) : now;
  const snapshot: TicketSnapshot = {
    id: 'preview',
    statusCategory: 'new',
    priority: priorityKey(priorityRow.name as string),
    teamId: ticket.teamId == null ? null : String(ticket.teamId),
    organizationId: ticket.organizationId == null ? null : String(ticket.organizationId),
    channel: ticket.channel,
    tags: [...new Set(ticket.tags)],
    assigneeId: null,
  };
  const script: ScriptedStep[] = input.events.map((e) => ({
    at: openedAt + e.afterMinutes * MINUTE,
    action: e.event === 'status' ? { kind: 'status', statusCategory: e.statusCategory } : { kind: e.event },
  }));
  const until = openedAt + input.horizonDays * DAY;
  const { timeline, truncated } = simulateLifecycle({ policy, ticket: snapshot, openedAt, script, until });
  const { matched, candidates } = explainSlaMatch(policy, snapshot);

  return {
    policyVersion: input.policy ? null : latest.version,
    draft: input.policy !== undefined,
    ticket: { priority: snapshot.priority, channel: snapshot.channel, tags: snapshot.tags, teamId: snapshot.teamId, createdAt: new Date(openedAt).toISOString() },
    match: {
      slaPolicyId: matched?.id ?? null,
      name: matched?.name ?? null,
      hours: matched?.hours ?? null,
      targets: Object.fromEntries(Object.entries(matched?.targets ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number')),
      candidates,
    },
    calendar: { timeZone: policy.calendar.timeZone },
    timeline: timeline.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    horizonEnd: new Date(until).toISOString(),
    truncated,
  };
}

/**
 * A draft gets what saving would give it: the installed priorities and the next version number (both are not
 * the admin's to edit in a policy), then the same validation; problems are reported under `policy.`.
 */
function draftPolicy(draft: Record<string, unknown>, version: number, priorities: string[]): Policy {
  return validated({ ...draft, version, priorities });
}

function validated(document: unknown): Policy {
  try {
    return parsePolicy(document);
  } catch (err) {
    const fields = policyFieldErrors(err, { kind: 'other' }).map((f) => (f.path === 'policy.(root)' ? { ...f, path: 'policy' } : f));
    throw validationError('The policy draft is invalid', fields);
  }
}
