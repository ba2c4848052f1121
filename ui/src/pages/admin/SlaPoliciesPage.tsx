import { ActionIcon, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { CrudPage } from '../../components/admin/CrudPage';
import { EscalationsEditor } from '../../components/admin/EscalationsEditor';
import { SlaConditionsEditor, TargetsEditor } from '../../components/admin/SlaEditors';
import { SLA_METRICS, type EscalationStep, type SlaConditions, type SlaPolicyRow } from '../../components/admin/sla-types';
import { TargetsPreview } from '../../components/admin/TargetsPreview';
import { SlaDraftPreview } from '../../components/admin/preview/SlaDraftPreview';
import { LifecyclePreviewPanel } from '../../components/admin/preview/LifecyclePreviewPanel';
import { useAdminList } from '../../components/admin/use-admin-list';

/** The SLA designer: policies in evaluation order (first match applies), each with conditions, targets and escalations. */
export function SlaPoliciesPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { rows } = useAdminList<SlaPolicyRow>('/sla-policies', '', 0);
  const reorder = useMutation({
    mutationFn: (ids: number[]) => api('/sla-policies/order', { method: 'PUT', body: { ids } }),
    onSettled: () => client.invalidateQueries({ queryKey: ['admin', '/sla-policies'] }),
  });
  const move = (row: SlaPolicyRow, by: -1 | 1) => {
    const ids = rows.map((r) => r.id);
    const i = ids.indexOf(row.id);
    if (i + by < 0 || i + by >= ids.length) return;
    [ids[i], ids[i + by]] = [ids[i + by]!, ids[i]!];
    reorder.mutate(ids);
  };
  const when = (c: SlaConditions) => Object.entries(c).filter(([, v]) => v?.length).map(([k, v]) => `${t(`admin.sla.conditions.${k}`)}: ${v!.join(', ')}`).join('; ') || t('admin.sla.everyTicket');
  return (
    <CrudPage<SlaPolicyRow> path="/sla-policies" unpaged title={t('admin.nav.slaPolicies')} intro={t('admin.sla.intro')} testId="admin-sla" versioned
      rowName={(r) => r.name} defaults={{ hours: 'business', conditions: {}, targets: {}, escalations: [] }}
      columns={[
        { key: 'pos', label: '#', render: (r) => r.position },
        { key: 'name', label: t('admin.fields.name'), render: (r) => r.name },
        { key: 'when', label: t('admin.sla.when'), render: (r) => <Text size="sm">{when(r.conditions)}</Text> },
        { key: 'targets', label: t('admin.sla.targets'), render: (r) => <Text size="sm">{SLA_METRICS.filter((m) => r.targets[m]).map((m) => `${t(`admin.sla.metrics.${m}`)} ${r.targets[m]} min`).join(', ')}</Text> },
        { key: 'esc', label: t('admin.sla.escalations'), render: (r) => r.escalations.length },
      ]}
      fields={[
        { name: 'name', label: t('admin.fields.name'), kind: 'text', required: true },
        { name: 'hours', label: t('admin.sla.hours'), kind: 'select', options: (['business', 'calendar'] as const).map((h) => ({ value: h, label: t(`admin.sla.hoursKinds.${h}`) })) },
        { name: 'conditions', label: t('admin.sla.when'), kind: 'custom', empty: {}, description: t('admin.sla.whenHelp'),
          render: ({ value, onChange, errors }) => <SlaConditionsEditor value={(value ?? {}) as SlaConditions} onChange={onChange} errors={errors} /> },
        { name: 'targets', label: t('admin.sla.targets'), kind: 'custom', empty: {}, required: true,
          render: ({ value, onChange, errors }) => <TargetsEditor value={(value ?? {}) as SlaPolicyRow['targets']} onChange={onChange} errors={errors} /> },
        { name: 'escalations', label: t('admin.sla.escalations'), kind: 'custom', empty: [],
          render: ({ value, onChange, errors }) => <EscalationsEditor value={(value ?? []) as EscalationStep[]} onChange={onChange} errors={errors} /> },
      ]}
      rowActions={(r) => (
        <Group gap={2} wrap="nowrap">
          <ActionIcon variant="subtle" aria-label={t('admin.routing.moveUp', { name: r.name })} disabled={r.position <= 1 || reorder.isPending} onClick={() => move(r, -1)}>↑</ActionIcon>
          <ActionIcon variant="subtle" aria-label={t('admin.routing.moveDown', { name: r.name })} disabled={r.position >= rows.length || reorder.isPending} onClick={() => move(r, 1)}>↓</ActionIcon>
        </Group>
      )}
      formExtra={(values, editing) => <SlaDraftPreview values={values} editingId={editing === 'new' ? null : editing.id} />}>
      <TargetsPreview policies={rows} />
      <LifecyclePreviewPanel revision={rows.map((r) => `${r.id}:${r.version}:${r.position}`).join(',')} />
    </CrudPage>
  );
}
