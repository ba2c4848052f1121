import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PLACEHOLDER_EXAMPLES } from '../../components/admin/admin-types';
import { ActiveBadge } from '../../components/admin/cells';
import { CrudPage } from '../../components/admin/CrudPage';
import { MacroActionsEditor, type MacroActions } from '../../components/admin/MacroActionsEditor';

type MacroRow = {
  id: number; name: string; scope: 'personal' | 'shared'; ownerId: number | null; active: boolean; actions: MacroActions;
  replyHtml: string | null; replyKind: 'public_reply' | 'internal_note';
};

/** Macros: one-click field changes plus an optional reply the agent reviews before sending. */
export function MacrosPage() {
  const { t } = useTranslation();
  return (
    <CrudPage<MacroRow> path="/macros" query="all=true" unpaged title={t('admin.nav.macros')} intro={t('admin.macros.intro')} testId="admin-macros"
      rowName={(r) => r.name} defaults={{ scope: 'shared', actions: {}, replyKind: 'public_reply' }}
      columns={[
        { key: 'name', label: t('admin.fields.name'), render: (r) => <>{r.name} <Badge variant="outline" size="sm" ml="xs">{t(`admin.macros.scopes.${r.scope}`)}</Badge></> },
        { key: 'actions', label: t('admin.macros.changes'), render: (r) => <Text size="sm">{Object.keys(r.actions).map((k) => t(`admin.macros.actionNames.${k}`, { defaultValue: k })).join(', ') || '—'}</Text> },
        { key: 'reply', label: t('admin.macros.reply'), render: (r) => (r.replyHtml ? t(`admin.macros.kinds.${r.replyKind}`) : '—') },
        { key: 'active', label: t('admin.fields.active'), render: (r) => <ActiveBadge active={r.active} /> },
      ]}
      fields={[
        { name: 'name', label: t('admin.fields.name'), kind: 'text', required: true },
        { name: 'scope', label: t('admin.macros.scope'), kind: 'select', createOnly: true, options: (['shared', 'personal'] as const).map((s) => ({ value: s, label: t(`admin.macros.scopes.${s}`) })) },
        { name: 'actions', label: t('admin.macros.changes'), kind: 'custom', empty: {},
          render: ({ value, onChange, errors }) => <MacroActionsEditor value={(value ?? {}) as MacroActions} onChange={onChange} errors={errors} /> },
        { name: 'replyKind', label: t('admin.macros.replyKind'), kind: 'select', options: (['public_reply', 'internal_note'] as const).map((k) => ({ value: k, label: t(`admin.macros.kinds.${k}`) })) },
        { name: 'replyHtml', label: t('admin.macros.reply'), kind: 'textarea', emptyAsNull: true, description: t('admin.macros.replyHelp', { examples: PLACEHOLDER_EXAMPLES }) },
        { name: 'active', label: t('admin.fields.active'), kind: 'switch', editOnly: true },
      ]} />
  );
}
