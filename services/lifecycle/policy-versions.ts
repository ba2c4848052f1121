import { isDeepStrictEqual } from 'node:util';
import { validationError } from '../../core/errors';
import {
  compilePolicy, policyFieldErrors, priorityKey, type PolicyEditTarget, type PolicySources, type SlaPolicyRecord,
} from '../../core/lifecycle/policy-compile';
import type { Policy } from '../../core/lifecycle/policy.schema';
import type { Actor } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { publishEvent } from '../outbox.service';
import { lockInvariant } from '../row-lock';

export type PolicyVersionRow = { version: number; document: Policy; created_at: Date; created_by: number | null };

/**
 * Serialize every writer of the lifecycle policy for this transaction: versions are then sequential and each
 * compile sees the rows the previous writer committed. Take it before reading what is about to change.
 */
export async function lockPolicy(trx: Queryable): Promise<void> {
  await lockInvariant(trx, 'lifecycle.policy');
}

export async function latestPolicyVersion(db: Queryable): Promise<PolicyVersionRow> {
  const row = await db('lifecycle_policy_versions').orderBy('version', 'desc').first<PolicyVersionRow | undefined>('*');
  // The seed migration writes version 1, so an empty table means a broken installation.
  if (!row) throw new Error('lifecycle_policy_versions is empty; run the migrations');
  return row;
}

/** The rows the policy is compiled from, as they are in this transaction. */
export async function loadPolicySources(db: Queryable, version: number): Promise<PolicySources> {
  const settings = await db('lifecycle_settings as s').join('calendars as c', 'c.id', 's.calendar_id').where('s.id', 1)
    .first('s.*', 'c.time_zone', 'c.weekly_hours', 'c.holidays');
  if (!settings) throw new Error('lifecycle_settings has no row; run the migrations');
  const priorities = (await db('priorities').orderBy('rank').pluck('name')) as string[];
  const sla = (await db('sla_policies').orderBy([{ column: 'position' }, { column: 'id' }])
    .select('id', 'name', 'conditions', 'hours', 'targets', 'escalations')) as SlaPolicyRecord[];
  return {
    version,
    calendar: { timeZone: settings.time_zone, weeklyHours: settings.weekly_hours, holidays: settings.holidays },
    priorities: priorities.map(priorityKey),
    settings: {
      warningPercent: settings.warning_percent,
      pending: settings.pending,
      solved: settings.solved,
      survey: settings.survey,
      customerNotifications: settings.customer_notifications,
      agentAlerts: settings.agent_alerts,
    },
    slaPolicies: sla,
  };
}

const withoutVersion = (p: Policy) => ({ ...p, version: 0 });

/**
 * After a write to calendars, SLA policies or settings (in the caller's transaction, under `lockPolicy`):
 * compile the whole document, refuse the write with field errors when it is invalid (the transaction rolls
 * back, nothing is saved), and store a new version when the document changed, announced by a
 * `policy.updated` outbox event so running lifecycles adopt it at their next safe point.
 */
export async function commitPolicyChange(
  trx: Queryable, actor: Actor, target: PolicyEditTarget,
): Promise<{ policy: Policy; created: boolean }> {
  const latest = await latestPolicyVersion(trx);
  let policy: Policy;
  try {
    // Through JSON once, so it compares equal to stored documents (jsonb drops undefined fields).
    policy = JSON.parse(JSON.stringify(compilePolicy(await loadPolicySources(trx, latest.version + 1)))) as Policy;
  } catch (err) {
    throw validationError('The change would make the lifecycle policy invalid; nothing was saved', policyFieldErrors(err, target));
  }
  if (isDeepStrictEqual(withoutVersion(policy), withoutVersion(latest.document))) return { policy: latest.document, created: false };
  await trx('lifecycle_policy_versions').insert({
    version: policy.version,
    document: JSON.stringify(policy),
    created_by: actor.type === 'worker' ? actor.id : null,
  });
  await recordAudit(trx, actor, { action: 'lifecycle_policy.publish', entityType: 'lifecycle_policy', entityId: policy.version, after: { version: policy.version } });
  await publishEvent(trx, { type: 'policy.updated', entityType: 'lifecycle_policy', entityId: policy.version, payload: { version: policy.version } });
  return { policy, created: true };
}
