import { ActionIcon, Badge, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ActiveBadge } from '../../components/admin/cells';
import { ConditionsEditor } from '../../components/admin/ConditionsEditor';
import { CrudPage } from '../../components/admin/CrudPage';
import { DryRunPanel } from '../../components/admin/DryRunPanel';
import { RuleActionsEditor } from '../../components/admin/RuleActionsEditor';
import type { Condition, RoutingRuleRow, RuleActions } from '../../components/admin/routing-types';
import { useAdminList } from '../../components/admin/use-admin-list';
import { useTeams } from '../../components/admin/use-options';

/** Routing rules in evaluation order (route rules: first match wins; tagging rules: all that match), with a dry run. */
export function RoutingRulesPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { rows } = useAdminList<RoutingRuleRow>('/routing-rules', '', 0);
  const teams = useTeams();
  const reorder = useMutation({
    mutationFn: (ids: number[]) => api('/routing-rules/order', { method: 'PUT', body: { ids } }),
    onSettled: () => client.invalidateQueries({ queryKey: ['admin', '/routing-rules'] }),
  });
  const move = (row: RoutingRuleRow, by: -1 | 1) => {
    const ids = rows.map((r) => r.id);
    const i = ids.indexOf(row.id);
    const j = i + by;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    reorder.mutate(ids);
  };
  const condition = (c: Condition) => `${t(`admin.routing.fields.${c.field}`)}${c.key ? ` ${c.key}` : ''} ${t(`admin.routing.ops.${c.op}`)} ${(c.values ?? [c.value ?? '']).join(', ')}`.trim();
  const describe = (r: RoutingRuleRow) => [
    r.actions.routeToTeam && t('admin.routing.summary.team', { name: teams.find((x) => x.id === r.actions.routeToTeam)?.name ?? `#${r.actions.routeToTeam}` }),
    r.actions.addTags?.length && t('admin.routing.summary.tags', { tags: r.actions.addTags.join(', ') }),
    r.actions.setPriority && t('admin.routing.summary.priority', { name: r.actions.setPriority }),
    r.actions.requireSkills?.length && t('admin.routing.summary.skills', { skills: r.actions.requireSkills.map((s) => s.skill).join(', ') }),
  ].filter(Boolean).join(' · ');
  return (
    <CrudPage<RoutingRuleRow> path="/routing-rules" unpaged title={t('admin.nav.routingRules')} intro={t('admin.routing.intro')} testId="admin-routing-rules" versioned
      rowName={(r) => r.name} defaults={{ kind: 'route', active: true, match: 'all', conditions: [], actions: {} }}
      columns={[
        { key: 'pos', label: '#', render: (r) => r.position },
        { key: 'name', label: t('admin.fields.name'), render: (r) => <Group gap="xs">{r.name}<Badge variant="outline" size="sm">{t(`admin.routing.kinds.${r.kind}`)}</Badge></Group> },
        { key: 'when', label: t('admin.routing.conditions'), render: (r) => <Text size="sm">{r.conditions.length ? r.conditions.map(condition).join(r.match === 'all' ? ' & ' : ' | ') : t('admin.routing.always')}</Text> },
        { key: 'then', label: t('admin.routing.actionsLabel'), render: (r) => <Text size="sm">{describe(r)}</Text> },
        { key: 'active', label: t('admin.fields.active'), render: (r) => <ActiveBadge active={r.active} /> },
      ]}
      fields={[
        { name: 'name', label: t('admin.fields.name'), kind: 'text', required: true },
        { name: 'kind', label: t('admin.routing.kind'), kind: 'select', options: (['route', 'tagging'] as const).map((k) => ({ value: k, label: t(`admin.routing.kinds.${k}`) })), description: t('admin.routing.kindHelp') },
        { name: 'match', label: t('admin.routing.match'), kind: 'select', options: (['all', 'any'] as const).map((k) => ({ value: k, label: t(`admin.routing.matches.${k}`) })) },
        { name: 'active', label: t('admin.fields.active'), kind: 'switch' },
        { name: 'conditions', label: t('admin.routing.conditions'), kind: 'custom', empty: [],
          render: ({ value, onChange, errors }) => <ConditionsEditor value={(value ?? []) as Condition[]} onChange={onChange} errors={errors} /> },
        { name: 'actions', label: t('admin.routing.actionsLabel'), kind: 'custom', empty: {},
          render: ({ value, onChange, errors, values }) => <RuleActionsEditor value={(value ?? {}) as RuleActions} onChange={onChange} errors={errors} tagging={values.kind === 'tagging'} /> },
      ]}
      rowActions={(r) => (
        <Group gap={2} wrap="nowrap">
          <ActionIcon variant="subtle" aria-label={t('admin.routing.moveUp', { name: r.name })} disabled={r.position <= 1 || reorder.isPending} onClick={() => move(r, -1)}>↑</ActionIcon>
          <ActionIcon variant="subtle" aria-label={t('admin.routing.moveDown', { name: r.name })} disabled={r.position >= rows.length || reorder.isPending} onClick={() => move(r, 1)}>↓</ActionIcon>
        </Group>
      )}>
      <DryRunPanel />
    </CrudPage>
  );
}
