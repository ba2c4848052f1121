import { Select, SimpleGrid, TagsInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { firstUnder, type FieldErrors } from './problem';
import { usePriorities, useStatuses, useTeamOptions, useWorkerOptions } from './use-options';

/** MacroActions from the issue-5 contract. */
export type MacroActions = {
  statusId?: number; priorityId?: number; assigneeId?: number | null | 'me'; teamId?: number | null; addTags?: string[]; removeTags?: string[];
  customFields?: Record<string, unknown>;
};

// In the pickers: '' = leave as is, 'null' = clear the field.
const LEAVE = '';
const CLEAR = 'null';
const toValue = (v: unknown) => (v === undefined ? LEAVE : v === null ? CLEAR : String(v));

/** The field changes a macro applies in one click (reply text is its own field). */
export function MacroActionsEditor({ value, onChange, errors }: { value: MacroActions; onChange: (v: MacroActions) => void; errors: FieldErrors }) {
  const { t } = useTranslation();
  const statuses = useStatuses();
  const priorities = usePriorities();
  const teams = useTeamOptions();
  const workers = useWorkerOptions();
  const set = (key: keyof MacroActions, v: unknown) => {
    const next: Record<string, unknown> = { ...value, [key]: v };
    if (v === undefined || (Array.isArray(v) && !v.length)) delete next[key];
    onChange(next as MacroActions);
  };
  const pick = (raw: string | null, numeric = true) => (raw === null || raw === LEAVE ? undefined : raw === CLEAR ? null : raw === 'me' ? 'me' : numeric ? Number(raw) : raw);
  const leave = { value: LEAVE, label: t('admin.macros.leave') };
  const clear = { value: CLEAR, label: t('admin.macros.clear') };
  const err = (k: string) => firstUnder(errors, k);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Select label={t('admin.macros.status')} value={toValue(value.statusId)} data={[leave, ...statuses.map((s) => ({ value: String(s.id), label: s.name }))]}
        onChange={(v) => set('statusId', pick(v))} error={err('statusId')} comboboxProps={{ withinPortal: true }} />
      <Select label={t('admin.macros.priority')} value={toValue(value.priorityId)} data={[leave, ...priorities.map((p) => ({ value: String(p.id), label: p.name }))]}
        onChange={(v) => set('priorityId', pick(v))} error={err('priorityId')} comboboxProps={{ withinPortal: true }} />
      <Select label={t('admin.macros.assignee')} value={toValue(value.assigneeId)} data={[leave, clear, { value: 'me', label: t('admin.views.me') }, ...workers]}
        onChange={(v) => set('assigneeId', pick(v))} error={err('assigneeId')} comboboxProps={{ withinPortal: true }} />
      <Select label={t('admin.macros.team')} value={toValue(value.teamId)} data={[leave, clear, ...teams]}
        onChange={(v) => set('teamId', pick(v))} error={err('teamId')} comboboxProps={{ withinPortal: true }} />
      <TagsInput label={t('admin.macros.addTags')} value={value.addTags ?? []} onChange={(v) => set('addTags', v)} error={err('addTags')} />
      <TagsInput label={t('admin.macros.removeTags')} value={value.removeTags ?? []} onChange={(v) => set('removeTags', v)} error={err('removeTags')} />
    </SimpleGrid>
  );
}
