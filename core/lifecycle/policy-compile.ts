import type { FieldError } from '../errors';
import { LifecycleError } from './lifecycle-error';
import { parsePolicy, type Policy } from './policy.schema';

/**
 * Admins edit lifecycles as separate rows (a calendar, ordered SLA policies, one settings row); the engines
 * read one validated document. This module turns the rows into that document, so the gateway, the seed
 * migration and tests compile exactly the same way.
 */

/** Priorities are rows named by admins; the lifecycle names them by their lower-cased name ('Urgent' → 'urgent'). */
export const priorityKey = (name: string): string => name.trim().toLowerCase();

export type CalendarRecord = { timeZone: string; weeklyHours: unknown; holidays: unknown };
export type SlaPolicyRecord = {
  id: number;
  name: string;
  conditions: unknown;
  hours: unknown;
  targets: unknown;
  escalations: unknown;
};
export type LifecycleSettingsRecord = {
  warningPercent: unknown;
  pending: unknown;
  solved: unknown;
  survey: unknown;
  customerNotifications: unknown;
  agentAlerts: unknown;
};

export type PolicySources = {
  version: number;
  calendar: CalendarRecord;
  /** Priority keys from lowest to highest rank. */
  priorities: string[];
  settings: LifecycleSettingsRecord;
  /** In evaluation order (position). */
  slaPolicies: SlaPolicyRecord[];
};

/** The compiled document before validation; SLA policy ids are the row ids as strings. */
export function policyDocument(src: PolicySources): unknown {
  return {
    version: src.version,
    calendar: { timeZone: src.calendar.timeZone, weeklyHours: src.calendar.weeklyHours, holidays: src.calendar.holidays },
    priorities: src.priorities,
    sla: {
      warningPercent: src.settings.warningPercent,
      policies: src.slaPolicies.map((p) => ({
        id: String(p.id),
        name: p.name,
        when: p.conditions,
        hours: p.hours,
        targets: p.targets,
        escalations: p.escalations,
      })),
    },
    pending: src.settings.pending,
    solved: src.settings.solved,
    survey: src.settings.survey,
    customerNotifications: src.settings.customerNotifications,
    agentAlerts: src.settings.agentAlerts,
  };
}

/** Validates the whole document; throws `LifecycleError('invalid_policy')` with every problem. */
export function compilePolicy(src: PolicySources): Policy {
  return parsePolicy(policyDocument(src));
}

/** What an admin edited, so problems in the compiled document can be reported against the request's fields. */
export type PolicyEditTarget =
  | { kind: 'sla_policy'; index: number }
  | { kind: 'settings' }
  | { kind: 'calendar' }
  | { kind: 'other' };

const SETTINGS_SECTIONS = new Set(['pending', 'solved', 'survey', 'customerNotifications', 'agentAlerts']);

/** `sla.policies[2].when.priorities` → ['sla', 'policies', '2', 'when', 'priorities']. */
function segments(path: string): string[] {
  return path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
}

/**
 * Maps one compiled-document problem onto the request's fields: `sla.policies[i].targets.x` becomes
 * `targets.x` for an edit of that SLA policy, `sla.warningPercent` becomes `warningPercent` for settings.
 * Problems outside what was edited keep their document path under `policy.` so the admin can find them.
 */
export function requestPath(path: string, target: PolicyEditTarget): string {
  const s = segments(path);
  const rest = (from: number) => s.slice(from).join('.');
  if (target.kind === 'sla_policy' && s[0] === 'sla' && s[1] === 'policies' && s[2] === String(target.index)) {
    const field = s.slice(3);
    if (field[0] === 'when') field[0] = 'conditions';
    return field.join('.') || '(root)';
  }
  if (target.kind === 'settings') {
    if (s[0] === 'sla' && s[1] === 'warningPercent') return 'warningPercent';
    if (s[0] && SETTINGS_SECTIONS.has(s[0])) return s.join('.');
    if (s[0] === 'calendar') return 'calendarId';
  }
  if (target.kind === 'calendar' && s[0] === 'calendar') return rest(1) || '(root)';
  return `policy.${s.join('.')}`;
}

/** The field errors for a failed compile, or rethrows anything that is not a policy validation problem. */
export function policyFieldErrors(err: unknown, target: PolicyEditTarget): FieldError[] {
  if (!(err instanceof LifecycleError) || err.code !== 'invalid_policy') throw err;
  return err.issues.map((issue) => ({ path: requestPath(issue.path, target), message: issue.message }));
}
