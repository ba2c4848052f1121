import { Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { KB_LANGUAGES } from './kb-types';

export type Filters = { q: string; state: string | null; visibility: string | null; kind: string | null; language: string | null; sectionId: string | null };
export const NO_FILTERS: Filters = { q: '', state: null, visibility: null, kind: null, language: null, sectionId: null };

type Props = { value: Filters; onChange: (f: Filters) => void; sections: Array<{ value: string; label: string }> };

/** The article list's filters; each maps to a query parameter of GET /kb/articles. */
export function ArticleFilters({ value, onChange, sections }: Props) {
  const { t } = useTranslation();
  const set = (key: keyof Filters) => (v: string | null) => onChange({ ...value, [key]: v });
  const opts = (key: string, values: string[]) => values.map((v) => ({ value: v, label: t(`kb.${key}.${v}`) }));
  return (
    <Group gap="xs" align="flex-end" wrap="wrap" data-testid="kb-filters">
      <TextInput label={t('kb.list.search')} placeholder={t('kb.list.searchPlaceholder')} value={value.q} w={220}
        onChange={(e) => onChange({ ...value, q: e.currentTarget.value })} data-testid="kb-filter-q" />
      <Select label={t('kb.list.state')} data={opts('state', ['draft', 'published', 'archived'])} value={value.state} onChange={set('state')} clearable w={140} data-testid="kb-filter-state" />
      <Select label={t('kb.list.visibility')} data={opts('visibility', ['public', 'internal'])} value={value.visibility} onChange={set('visibility')} clearable w={140} />
      <Select label={t('kb.list.kind')} data={opts('kind', ['article', 'tutorial'])} value={value.kind} onChange={set('kind')} clearable w={140} />
      <Select label={t('kb.list.language')} data={KB_LANGUAGES.map((l) => ({ value: l, label: t(`kb.languages.${l}`) }))} value={value.language} onChange={set('language')} clearable w={140} />
      <Select label={t('kb.list.section')} data={sections} value={value.sectionId} onChange={set('sectionId')} clearable searchable w={200} />
    </Group>
  );
}

/** The filters as GET /kb/articles parameters (empty ones left out). */
export function filterQuery(f: Filters): string {
  const params = new URLSearchParams();
  if (f.q.trim()) params.set('q', f.q.trim());
  for (const key of ['state', 'visibility', 'kind', 'language', 'sectionId'] as const) if (f[key]) params.set(key, f[key]);
  return params.toString();
}
