import type { Sections } from '../LifecycleSettingsForm';

type Doc = Record<string, unknown> & { sla?: { warningPercent?: number; policies?: Array<Record<string, unknown>> } };
type Values = Record<string, unknown>;

/** Drop what an editor leaves behind for "not set" (empty lists, blanks), as the saved row would not have it. */
function compact(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)));
}

/**
 * The policy document as it would be after saving the SLA form: the edited policy replaces its entry (ids in the
 * document are row ids as strings), a new one goes last, as a create does.
 */
export function slaDraft(document: Doc, values: Values, editingId: number | null): Doc {
  const policies = [...(document.sla?.policies ?? [])];
  const entry: Record<string, unknown> = {
    id: editingId === null ? 'draft' : String(editingId),
    ...(typeof values.name === 'string' && values.name.trim() && { name: values.name.trim() }),
    when: compact(values.conditions),
    hours: values.hours ?? 'business',
    targets: compact(values.targets),
    escalations: Array.isArray(values.escalations) ? values.escalations : [],
  };
  const at = policies.findIndex((p) => p.id === entry.id);
  if (at >= 0) policies[at] = entry;
  else policies.push(entry);
  return { ...document, sla: { ...document.sla, policies } };
}

/** The policy document as it would be after saving the lifecycle settings form (the calendar is sent separately). */
export function settingsDraft(document: Doc, s: Sections): Doc {
  return {
    ...document,
    sla: { ...document.sla, warningPercent: s.warningPercent },
    pending: s.pending,
    solved: s.solved,
    survey: s.survey,
    agentAlerts: s.agentAlerts,
  };
}
