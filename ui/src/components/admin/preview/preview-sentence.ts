import type { TFunction } from 'i18next';
import type { PreviewEntry } from './preview-types';

/** One localized sentence per timeline entry; parameters that name things (metrics, actions, statuses) are translated too. */
export function previewSentence(t: TFunction, e: PreviewEntry, fmtDate: (iso: string) => string, fmtTarget: (minutes: number) => string): string {
  const p = e.params;
  const metric = typeof p.metric === 'string' ? t(`admin.sla.metrics.${p.metric}`) : '';
  const status = (s: unknown) => (typeof s === 'string' ? t(`admin.lifecyclePreview.statuses.${s}`) : '');
  switch (e.kind) {
    case 'sla_target':
      return t('admin.lifecyclePreview.kinds.sla_target', { metric, due: fmtDate(String(p.dueAt)), target: typeof p.targetMinutes === 'number' ? fmtTarget(p.targetMinutes) : '—' });
    case 'sla_met':
      return t(p.breached ? 'admin.lifecyclePreview.kinds.sla_met_late' : 'admin.lifecyclePreview.kinds.sla_met', { metric });
    case 'sla_paused':
    case 'sla_warning':
    case 'sla_breach':
      return t(`admin.lifecyclePreview.kinds.${e.kind}`, { metric });
    case 'escalation': {
      const detail = p.to ?? p.tag ?? p.destination ?? p.teamId ?? p.webhookId ?? null;
      const action = t(`admin.sla.actions.${String(p.action)}`) + (detail === null ? '' : ` (${String(detail)})`);
      return t('admin.lifecyclePreview.kinds.escalation', { on: t(`admin.sla.ons.${String(p.on)}`), metric, action });
    }
    case 'status_set':
      return t('admin.lifecyclePreview.kinds.status_set', { status: status(p.statusCategory) });
    case 'status_change':
      return t(`admin.lifecyclePreview.statusChange.${String(p.reason)}`, { status: status(p.to) });
    case 'customer_reminder':
      return t('admin.lifecyclePreview.kinds.customer_reminder', { n: p.number, template: p.template });
    case 'customer_notification':
      return t('admin.lifecyclePreview.kinds.customer_notification', { status: status(p.statusCategory), template: p.template });
    case 'agent_alert':
      return t(`admin.lifecyclePreview.alerts.${String(p.reason)}`);
    default:
      return t(`admin.lifecyclePreview.kinds.${e.kind}`, { defaultValue: e.kind });
  }
}

/** Breaches red, warnings amber, what people do grey: the colour of the timeline dot. */
export function entryColor(kind: string): string {
  if (kind === 'sla_breach') return 'red';
  if (kind === 'sla_warning') return 'orange';
  if (kind === 'escalation') return 'grape';
  if (kind === 'agent_reply' || kind === 'customer_reply' || kind === 'status_set') return 'gray';
  return 'blue';
}
