import { ActionIcon, Button, Group, NumberInput, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { firstUnder, type FieldErrors } from './problem';
import type { RuleActions } from './routing-types';
import { usePriorities, useTeamOptions, useWorkerOptions } from './use-options';

type Props = { value: RuleActions; onChange: (v: RuleActions) => void; errors: FieldErrors; tagging: boolean };

/** Drop empty actions, so the API sees only what the admin set. */
function clean(a: RuleActions): RuleActions {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0) && v !== false)) as RuleActions;
}

/** What a matching rule does: team, skills, priority, tags, a named worker, language, off-shift. Tagging rules only tag or set priority. */
export function RuleActionsEditor({ value, onChange, errors, tagging }: Props) {
  const { t } = useTranslation();
  const teams = useTeamOptions();
  const workers = useWorkerOptions();
  const priorities = usePriorities();
  const set = (patch: Partial<RuleActions>) => onChange(clean({ ...value, ...patch }));
  const skills = value.requireSkills ?? [];
  const err = (k: string) => firstUnder(errors, k);
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {!tagging && (
          <Select label={t('admin.routing.actions.routeToTeam')} data={teams} clearable value={value.routeToTeam ? String(value.routeToTeam) : null}
            onChange={(v) => set({ routeToTeam: v ? Number(v) : undefined })} error={err('routeToTeam')} comboboxProps={{ withinPortal: true }} data-testid="action-team" />
        )}
        <Select label={t('admin.routing.actions.setPriority')} data={priorities.map((p) => p.name)} clearable value={value.setPriority ?? null}
          onChange={(v) => set({ setPriority: v ?? undefined })} error={err('setPriority')} comboboxProps={{ withinPortal: true }} />
        <TagsInput label={t('admin.routing.actions.addTags')} value={value.addTags ?? []} onChange={(v) => set({ addTags: v })} error={err('addTags')} />
        {!tagging && (
          <Select label={t('admin.routing.actions.assignTo')} data={workers} clearable searchable value={value.assignTo ? String(value.assignTo) : null}
            onChange={(v) => set({ assignTo: v ? Number(v) : undefined })} error={err('assignTo')} comboboxProps={{ withinPortal: true }} />
        )}
        {!tagging && (
          <TextInput label={t('admin.routing.actions.requireLanguage')} placeholder="en" value={value.requireLanguage ?? ''}
            onChange={(e) => set({ requireLanguage: e.currentTarget.value || undefined })} error={err('requireLanguage')} />
        )}
      </SimpleGrid>
      {!tagging && (
        <>
          <Switch label={t('admin.routing.actions.allowOffShift')} checked={value.allowOffShift === true} onChange={(e) => set({ allowOffShift: e.currentTarget.checked })} />
          <Text size="sm" fw={500}>{t('admin.routing.actions.requireSkills')}</Text>
          {skills.map((s, i) => (
            <Group key={i} wrap="nowrap" align="flex-end">
              <TextInput label={t('admin.workers.skill')} value={s.skill} style={{ flex: 1 }} error={err(`requireSkills.${i}.skill`)}
                onChange={(e) => set({ requireSkills: skills.map((x, j) => (j === i ? { ...x, skill: e.currentTarget.value } : x)) })} />
              <NumberInput label={t('admin.routing.minLevel')} min={1} max={5} w={100} value={s.minLevel}
                onChange={(v) => set({ requireSkills: skills.map((x, j) => (j === i ? { ...x, minLevel: Number(v) || 1 } : x)) })} />
              <ActionIcon mb={4} variant="subtle" color="red" aria-label={t('admin.common.removeNamed', { name: s.skill })} onClick={() => set({ requireSkills: skills.filter((_, j) => j !== i) })}>×</ActionIcon>
            </Group>
          ))}
          <Button size="xs" variant="light" onClick={() => onChange({ ...value, requireSkills: [...skills, { skill: '', minLevel: 1 }] })}>{t('admin.workers.addSkill')}</Button>
        </>
      )}
    </Stack>
  );
}
