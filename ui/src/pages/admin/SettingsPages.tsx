/** The plain settings lists: each is a CrudPage description, no page-specific code. */
import { Code, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PLACEHOLDER_EXAMPLES } from '../../components/admin/admin-types';
import type { StatusCategory } from '../../api';
import { ActiveBadge, Swatch, YesNo } from '../../components/admin/cells';
import { CrudPage } from '../../components/admin/CrudPage';
import { CUSTOM_FIELD_TYPES, type CustomFieldRow, type PriorityRow, type StatusRow, type TagRow, type TemplateRow } from '../../components/admin/admin-types';

const CATEGORIES: StatusCategory[] = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];

export function StatusesPage() {
  const { t } = useTranslation();
  return (
    <CrudPage<StatusRow> path="/statuses" title={t('admin.nav.statuses')} intro={t('admin.statuses.intro')} testId="admin-statuses" versioned
      rowName={(r) => r.name} defaults={{ category: 'open', color: '#228be6' }}
      columns={[
        { key: 'name', label: t('admin.fields.name'), render: (r) => <Swatch color={r.color} label={r.name} /> },
        { key: 'category', label: t('admin.fields.category'), render: (r) => t(`categories.${r.category}`) },
        { key: 'default', label: t('admin.fields.isDefault'), render: (r) => <YesNo value={r.isDefault} /> },
        { key: 'active', label: t('admin.fields.active'), render: (r) => <ActiveBadge active={r.active} /> },
      ]}
      fields={[
        { name: 'name', label: t('admin.fields.name'), kind: 'text', required: true },
        { name: 'category', label: t('admin.fields.category'), kind: 'select', required: true, options: CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) })) },
        { name: 'position', label: t('admin.fields.position'), kind: 'number', min: 0 },
        { name: 'color', label: t('admin.fields.color'), kind: 'color' },
        { name: 'isDefault', label: t('admin.fields.isDefault'), kind: 'switch' },
        { name: 'active', label: t('admin.fields.active'), kind: 'switch', editOnly: true },
      ]} />
  );
}

export function PrioritiesPage() {
  const { t } = useTranslation();
  return (
    <CrudPage<PriorityRow> path="/priorities" title={t('admin.nav.priorities')} intro={t('admin.priorities.intro')} testId="admin-priorities" versioned
      rowName={(r) => r.name} defaults={{ color: '#fab005' }}
      columns={[
        { key: 'name', label: t('admin.fields.name'), render: (r) => <Swatch color={r.color} label={r.name} /> },
        { key: 'rank', label: t('admin.fields.rank'), render: (r) => r.rank },
        { key: 'default', label: t('admin.fields.isDefault'), render: (r) => <YesNo value={r.isDefault} /> },
        { key: 'active', label: t('admin.fields.active'), render: (r) => <ActiveBadge active={r.active} /> },
      ]}
      fields={[
        { name: 'name', label: t('admin.fields.name'), kind: 'text', required: true },
        { name: 'rank', label: t('admin.fields.rank'), kind: 'number', min: 0, required: true, description: t('admin.priorities.rankHelp') },
        { name: 'color', label: t('admin.fields.color'), kind: 'color' },
        { name: 'isDefault', label: t('admin.fields.isDefault'), kind: 'switch' },
        { name: 'active', label: t('admin.fields.active'), kind: 'switch', editOnly: true },
      ]} />
  );
}

export function CustomFieldsPage() {
  const { t } = useTranslation();
  return (
    <CrudPage<CustomFieldRow> path="/custom-fields" title={t('admin.nav.customFields')} intro={t('admin.customFields.intro')} testId="admin-custom-fields" versioned
      rowName={(r) => r.label} defaults={{ type: 'text' }}
      columns={[
        { key: 'label', label: t('admin.fields.label'), render: (r) => r.label },
        { key: 'key', label: t('admin.fields.key'), render: (r) => <Code>{r.key}</Code> },
        { key: 'type', label: t('admin.fields.type'), render: (r) => t(`admin.customFields.types.${r.type}`) },
        { key: 'required', label: t('admin.fields.required'), render: (r) => <YesNo value={r.required} /> },
        { key: 'active', label: t('admin.fields.active'), render: (r) => <ActiveBadge active={r.active} /> },
      ]}
      fields={[
        { name: 'label', label: t('admin.fields.label'), kind: 'text', required: true },
        { name: 'key', label: t('admin.fields.key'), kind: 'text', required: true, createOnly: true, description: t('admin.customFields.keyHelp') },
        { name: 'type', label: t('admin.fields.type'), kind: 'select', required: true, createOnly: true, options: CUSTOM_FIELD_TYPES.map((v) => ({ value: v, label: t(`admin.customFields.types.${v}`) })) },
        { name: 'options', label: t('admin.fields.options'), kind: 'list', description: t('admin.customFields.optionsHelp') },
        { name: 'required', label: t('admin.fields.required'), kind: 'switch' },
        { name: 'position', label: t('admin.fields.position'), kind: 'number', min: 0 },
        { name: 'active', label: t('admin.fields.active'), kind: 'switch', editOnly: true },
      ]} />
  );
}

export function TagsPage() {
  const { t } = useTranslation();
  return (
    <CrudPage<TagRow> path="/tags" title={t('admin.nav.tags')} intro={t('admin.tags.intro')} testId="admin-tags"
      rowName={(r) => r.name} defaults={{ color: '#868e96' }}
      columns={[
        { key: 'name', label: t('admin.fields.name'), render: (r) => <Swatch color={r.color} label={r.name} /> },
        { key: 'usage', label: t('admin.tags.usage'), render: (r) => r.usage },
      ]}
      fields={[
        { name: 'name', label: t('admin.fields.name'), kind: 'text', required: true },
        { name: 'color', label: t('admin.fields.color'), kind: 'color' },
      ]} />
  );
}

export function TemplatesPage() {
  const { t } = useTranslation();
  return (
    <CrudPage<TemplateRow> path="/response-templates" title={t('admin.nav.templates')} intro={t('admin.templates.intro')} testId="admin-templates" versioned
      rowName={(r) => r.name}
      columns={[
        { key: 'name', label: t('admin.fields.name'), render: (r) => r.name },
        { key: 'body', label: t('admin.templates.body'), render: (r) => <Text size="sm" lineClamp={2}>{r.bodyHtml.replace(/<[^>]+>/g, ' ')}</Text> },
        { key: 'active', label: t('admin.fields.active'), render: (r) => <ActiveBadge active={r.active} /> },
      ]}
      fields={[
        { name: 'name', label: t('admin.fields.name'), kind: 'text', required: true },
        { name: 'bodyHtml', label: t('admin.templates.body'), kind: 'textarea', required: true, description: t('admin.templates.bodyHelp', { examples: PLACEHOLDER_EXAMPLES }) },
        { name: 'active', label: t('admin.fields.active'), kind: 'switch', editOnly: true },
      ]} />
  );
}
