import { notFound } from '../../core/errors';
import type { Policy } from '../../core/lifecycle/policy.schema';
import type { Actor } from '../../core/principal';
import type {
  LifecycleSettingsView, PatchLifecycleSettingsInput, PolicyVersionView, ReplaceLifecycleSettingsInput,
} from '../../core/schemas/lifecycle.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { keysetPage, type Page } from '../keyset';
import { assertReferencesExist } from '../reference-check';
import { lockRow } from '../row-lock';
import { commitPolicyChange, latestPolicyVersion, lockPolicy, type PolicyVersionRow } from './policy-versions';

type SettingsRow = {
  id: number;
  calendar_id: number;
  warning_percent: number;
  pending: LifecycleSettingsView['pending'];
  solved: LifecycleSettingsView['solved'];
  survey: LifecycleSettingsView['survey'];
  customer_notifications: LifecycleSettingsView['customerNotifications'];
  agent_alerts: LifecycleSettingsView['agentAlerts'];
  updated_at: Date;
  version: number;
};

type Sections = Omit<LifecycleSettingsView, 'updatedAt' | 'version'>;
type LooseSection = Record<string, unknown>;

function settingsView(r: SettingsRow): LifecycleSettingsView {
  return {
    calendarId: r.calendar_id, warningPercent: r.warning_percent, pending: r.pending, solved: r.solved, survey: r.survey,
    customerNotifications: r.customer_notifications, agentAlerts: r.agent_alerts, updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

export async function getLifecycleSettings(db: Queryable): Promise<LifecycleSettingsView> {
  const row = (await db('lifecycle_settings').where({ id: 1 }).first()) as SettingsRow | undefined;
  if (!row) throw new Error('lifecycle_settings has no row; run the migrations');
  return settingsView(row);
}

/** The compiled document in force and the settings it was built from. */
export async function getCurrentPolicy(db: Queryable) {
  const latest = await latestPolicyVersion(db);
  return { policyVersion: latest.version, compiledAt: latest.created_at.toISOString(), document: latest.document, settings: await getLifecycleSettings(db) };
}

const versionMeta = (r: PolicyVersionRow): PolicyVersionView => ({ version: r.version, createdAt: r.created_at.toISOString(), createdBy: r.created_by });

export async function listPolicyVersions(db: Queryable, query: { limit: number; cursor?: string | undefined }): Promise<Page<PolicyVersionView>> {
  const q = db('lifecycle_policy_versions').select('version as id', 'version', 'created_at', 'created_by');
  const page = await keysetPage<PolicyVersionRow & { id: number }>(q, { column: 'version', idColumn: 'version', value: 'id', desc: true }, query);
  return { rows: page.rows.map(versionMeta), nextCursor: page.nextCursor };
}

export async function getPolicyVersion(db: Queryable, version: number): Promise<PolicyVersionView & { document: Policy }> {
  const row = await db('lifecycle_policy_versions').where({ version }).first<PolicyVersionRow | undefined>('*');
  if (!row) throw notFound('Lifecycle policy version', version);
  return { ...versionMeta(row), document: row.document };
}

/** `null` removes a customer notification; other sections take the sent fields over the current ones. */
function mergeSection(base: LooseSection, patch: LooseSection | undefined, nullRemoves = false): LooseSection {
  if (!patch) return base;
  const merged = { ...base, ...patch };
  return nullRemoves ? Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null)) : merged;
}

async function writeSettings(
  db: Queryable, actor: Actor, expectedVersion: number | undefined,
  next: (before: LifecycleSettingsView) => { calendarId: number; warningPercent: number; sections: Record<keyof Omit<Sections, 'calendarId' | 'warningPercent'>, LooseSection> },
): Promise<LifecycleSettingsView> {
  return db.transaction(async (trx) => {
    await lockPolicy(trx);
    const before = settingsView(await lockRow<SettingsRow>(trx, 'lifecycle_settings', 1, 'Lifecycle settings', expectedVersion));
    const n = next(before);
    await assertReferencesExist(trx, [{ path: 'calendarId', table: 'calendars', id: n.calendarId }]);
    await trx('lifecycle_settings').where({ id: 1 }).update({
      calendar_id: n.calendarId,
      warning_percent: n.warningPercent,
      pending: JSON.stringify(n.sections.pending),
      solved: JSON.stringify(n.sections.solved),
      survey: JSON.stringify(n.sections.survey),
      customer_notifications: JSON.stringify(n.sections.customerNotifications),
      agent_alerts: JSON.stringify(n.sections.agentAlerts),
      updated_at: trx.fn.now(),
      version: trx.raw('version + 1'),
    });
    const { policy } = await commitPolicyChange(trx, actor, { kind: 'settings' });
    // Store the effective values (defaults filled in), so what an admin reads back is what runs.
    await trx('lifecycle_settings').where({ id: 1 }).update({
      warning_percent: policy.sla.warningPercent,
      pending: JSON.stringify(policy.pending),
      solved: JSON.stringify(policy.solved),
      survey: JSON.stringify(policy.survey),
      customer_notifications: JSON.stringify(policy.customerNotifications),
      agent_alerts: JSON.stringify(policy.agentAlerts),
    });
    const after = await getLifecycleSettings(trx);
    await recordAudit(trx, actor, { action: 'lifecycle_settings.update', entityType: 'lifecycle_settings', entityId: 1, before, after });
    return after;
  });
}

/** PUT: the whole settings document; omitted sections and fields take their defaults. */
export function replaceLifecycleSettings(
  db: Queryable, actor: Actor, input: ReplaceLifecycleSettingsInput, expectedVersion: number | undefined,
): Promise<LifecycleSettingsView> {
  return writeSettings(db, actor, expectedVersion, () => ({
    calendarId: input.calendarId,
    warningPercent: input.warningPercent ?? 75,
    sections: {
      pending: input.pending ?? {},
      solved: input.solved ?? {},
      survey: input.survey ?? {},
      customerNotifications: mergeSection({}, input.customerNotifications, true),
      agentAlerts: input.agentAlerts ?? {},
    },
  }));
}

/** PATCH: only the sent fields change; each sent section is merged into the current one. */
export function patchLifecycleSettings(
  db: Queryable, actor: Actor, input: PatchLifecycleSettingsInput, expectedVersion: number | undefined,
): Promise<LifecycleSettingsView> {
  return writeSettings(db, actor, expectedVersion, (before) => ({
    calendarId: input.calendarId ?? before.calendarId,
    warningPercent: input.warningPercent ?? before.warningPercent,
    sections: {
      pending: mergeSection(before.pending, input.pending),
      solved: mergeSection(before.solved, input.solved),
      survey: mergeSection(before.survey, input.survey),
      customerNotifications: mergeSection(before.customerNotifications, input.customerNotifications, true),
      agentAlerts: mergeSection(before.agentAlerts, input.agentAlerts),
    },
  }));
}
