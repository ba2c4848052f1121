import { MultiSelect, Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { StatusCategory } from '../../api';
import type { FieldErrors } from './problem';
import { firstUnder } from './problem';
import { usePriorities, useTeamOptions, useWorkerOptions } from './use-options';

/** ViewFilters from the issue-5 contract: exactly the ticket list filters. */
export type ViewFilters = {
  statusCategory?: StatusCategory[]; priority?: number[]; assignee?: 'me' | 'none' | number; team?: 'none' | number;
  tag?: string[]; channel?: string; sla?: 'breached' | 'due_soon' | 'ok' | 'none'; q?: string;
};

const CATEGORIES: StatusCategory[] = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];

/** Drop empty filters so the saved view holds only what was chosen. */
const clean = (f: ViewFilters): ViewFilters =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length))) as ViewFilters;

export function ViewFiltersEditor({ value, onChange, errors }: { value: ViewFilters; onChange: (v: ViewFilters) => void; errors: FieldErrors }) {
  const { t } = useTranslation();
  const teams = useTeamOptions();
  const workers = useWorkerOptions();
  const priorities = usePriorities();
  const set = (patch: Partial<ViewFilters>) => onChange(clean({ ...value, ...patch }));
  const fromSelect = (v: string | null) => (v === null ? undefined : v === 'me' || v === 'none' ? v : Number(v));
  const err = (k: string) => firstUnder(errors, k);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <MultiSelect label={t('admin.views.statusCategory')} data={CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))} value={value.statusCategory ?? []}
        onChange={(v) => set({ statusCategory: v as StatusCategory[] })} error={err('statusCategory')} comboboxProps={{ withinPortal: true }} />
      <MultiSelect label={t('admin.views.priority')} data={priorities.map((p) => ({ value: String(p.id), label: p.name }))} value={(value.priority ?? []).map(String)}
        onChange={(v) => set({ priority: v.map(Number) })} error={err('priority')} comboboxProps={{ withinPortal: true }} />
      <Select label={t('admin.views.assignee')} clearable value={value.assignee === undefined ? null : String(value.assignee)} error={err('assignee')}
        data={[{ value: 'me', label: t('admin.views.me') }, { value: 'none', label: t('admin.views.nobody') }, ...workers]}
        onChange={(v) => set({ assignee: fromSelect(v) as ViewFilters['assignee'] })} comboboxProps={{ withinPortal: true }} />
      <Select label={t('admin.views.team')} clearable value={value.team === undefined ? null : String(value.team)} error={err('team')}
        data={[{ value: 'none', label: t('admin.views.noTeam') }, ...teams]} onChange={(v) => set({ team: fromSelect(v) as ViewFilters['team'] })} comboboxProps={{ withinPortal: true }} />
      <TagsInput label={t('admin.views.tags')} value={value.tag ?? []} onChange={(v) => set({ tag: v })} error={err('tag')} />
      <Select label={t('admin.views.sla')} clearable value={value.sla ?? null} error={err('sla')} comboboxProps={{ withinPortal: true }}
        data={(['breached', 'due_soon', 'ok', 'none'] as const).map((s) => ({ value: s, label: t(`admin.views.slaStates.${s}`) }))}
        onChange={(v) => set({ sla: (v ?? undefined) as ViewFilters['sla'] })} />
      <TextInput label={t('admin.views.channel')} value={value.channel ?? ''} onChange={(e) => set({ channel: e.currentTarget.value })} error={err('channel')} />
      <TextInput label={t('admin.views.q')} value={value.q ?? ''} onChange={(e) => set({ q: e.currentTarget.value })} error={err('q')} />
    </SimpleGrid>
  );
}
