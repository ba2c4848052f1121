import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CrudPage } from '../../components/admin/CrudPage';
import { ViewFiltersEditor, type ViewFilters } from '../../components/admin/ViewFiltersEditor';

type ViewRow = { id: number; name: string; scope: 'personal' | 'shared'; ownerId: number | null; filters: ViewFilters; sort: string; position: number };
const SORTS = ['-updatedAt', 'updatedAt', '-createdAt', 'createdAt', '-priority', 'priority', 'slaDue', '-slaDue'];

/** Shared saved views (everyone with a worker login sees them in the queue); personal views stay in the queue page. */
export function ViewsPage() {
  const { t } = useTranslation();
  return (
    <CrudPage<ViewRow> path="/views" unpaged title={t('admin.nav.views')} intro={t('admin.views.intro')} testId="admin-views"
      rowName={(r) => r.name} filter={(r) => r.scope === 'shared'} createExtras={{ scope: 'shared' }} defaults={{ filters: {}, sort: '-updatedAt' }}
      columns={[
        { key: 'name', label: t('admin.fields.name'), render: (r) => r.name },
        { key: 'filters', label: t('admin.views.filters'), render: (r) => <Text size="sm">{Object.keys(r.filters).map((k) => t(`admin.views.filterNames.${k}`, { defaultValue: k })).join(', ') || '—'}</Text> },
        { key: 'sort', label: t('admin.views.sort'), render: (r) => t(`admin.views.sorts.${r.sort}`, { defaultValue: r.sort }) },
        { key: 'position', label: t('admin.fields.position'), render: (r) => r.position },
      ]}
      fields={[
        { name: 'name', label: t('admin.fields.name'), kind: 'text', required: true },
        { name: 'filters', label: t('admin.views.filters'), kind: 'custom', empty: {},
          render: ({ value, onChange, errors }) => <ViewFiltersEditor value={(value ?? {}) as ViewFilters} onChange={onChange} errors={errors} /> },
        { name: 'sort', label: t('admin.views.sort'), kind: 'select', options: SORTS.map((s) => ({ value: s, label: t(`admin.views.sorts.${s}`) })) },
        { name: 'position', label: t('admin.fields.position'), kind: 'number', min: 0 },
      ]} />
  );
}
