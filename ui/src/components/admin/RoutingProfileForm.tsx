import { ActionIcon, Button, Group, Loader, NumberInput, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson } from '../../api';
import type { Availability, RoutingProfile } from './admin-types';
import { fieldErrorsOf, firstUnder } from './problem';
import { ProblemAlert } from './ProblemAlert';

const AVAILABILITY: Availability[] = ['online', 'away', 'offline'];

/** A worker's skills (1–5), languages, capacity, time zone and availability: PUT replaces the profile. */
export function RoutingProfileForm({ workerId, onDone }: { workerId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const profile = useQuery({ queryKey: ['admin', 'routing-profile', workerId], queryFn: () => getJson<RoutingProfile>(`/workers/${workerId}/routing-profile`) });
  if (profile.isPending) return <Loader aria-label={t('admin.common.loading')} />;
  if (profile.error) return <ProblemAlert error={profile.error} />;
  return <ProfileEditor workerId={workerId} profile={profile.data} onDone={onDone} />;
}

function ProfileEditor({ workerId, profile, onDone }: { workerId: number; profile: RoutingProfile; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [p, setP] = useState(profile);
  const save = useMutation({
    mutationFn: () => api(`/workers/${workerId}/routing-profile`, {
      method: 'PUT',
      body: { timeZone: p.timeZone, languages: p.languages, shifts: p.shifts, capacity: p.capacity, channelCapacity: p.channelCapacity, skills: p.skills, availability: p.availability },
    }),
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['admin', 'routing-profile', workerId] }); onDone(); },
  });
  const errors = fieldErrorsOf(save.error);
  const setSkill = (i: number, patch: Partial<{ skill: string; level: number }>) => setP({ ...p, skills: p.skills.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  return (
    <Stack data-testid="routing-profile-form">
      <ProblemAlert error={save.error} />
      <Text size="sm" c="gray.7">{p.effective?.routable ? t('admin.workers.routableNow') : t('admin.workers.notRoutableNow')}</Text>
      <Select label={t('admin.workers.availability')} data={AVAILABILITY.map((a) => ({ value: a, label: t(`admin.workers.availabilities.${a}`) }))}
        value={p.availability} onChange={(v) => v && setP({ ...p, availability: v as Availability })} error={errors.availability} comboboxProps={{ withinPortal: true }} />
      <NumberInput label={t('admin.workers.capacity')} description={t('admin.workers.capacityHelp')} min={0} max={1000} value={p.capacity}
        onChange={(v) => setP({ ...p, capacity: Number(v) || 0 })} error={errors.capacity} />
      <TextInput label={t('admin.workers.timeZone')} value={p.timeZone} onChange={(e) => setP({ ...p, timeZone: e.currentTarget.value })} error={errors.timeZone} />
      <TagsInput label={t('admin.workers.languages')} value={p.languages} onChange={(v) => setP({ ...p, languages: v })} error={firstUnder(errors, 'languages')} />
      <Text size="sm" fw={500}>{t('admin.workers.skills')}</Text>
      {p.skills.length === 0 && <Text size="sm" c="gray.7">{t('admin.workers.noSkills')}</Text>}
      {p.skills.map((s, i) => (
        <Group key={i} align="flex-end" wrap="nowrap">
          <TextInput label={t('admin.workers.skill')} value={s.skill} onChange={(e) => setSkill(i, { skill: e.currentTarget.value })} error={firstUnder(errors, `skills.${i}.skill`)} style={{ flex: 1 }} />
          <NumberInput label={t('admin.workers.level')} min={1} max={5} w={90} value={s.level} onChange={(v) => setSkill(i, { level: Number(v) || 1 })} error={firstUnder(errors, `skills.${i}.level`)} />
          <ActionIcon variant="subtle" color="red" mb={4} aria-label={t('admin.common.removeNamed', { name: s.skill })} onClick={() => setP({ ...p, skills: p.skills.filter((_, j) => j !== i) })}>×</ActionIcon>
        </Group>
      ))}
      {errors.skills && <Text size="xs" c="red.8">{errors.skills}</Text>}
      <Button variant="light" onClick={() => setP({ ...p, skills: [...p.skills, { skill: '', level: 3 }] })}>{t('admin.workers.addSkill')}</Button>
      <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="routing-profile-save">{t('admin.common.save')}</Button>
    </Stack>
  );
}
