import { ActionIcon, Button, Divider, Group, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { TeamRole, TeamRow } from './admin-types';
import { fieldErrorsOf, firstUnder } from './problem';
import { ProblemAlert } from './ProblemAlert';
import { useCalendarOptions, useWorkerOptions } from './use-options';

type Member = { workerId: number; name: string; role: TeamRole };

/** Members and leads of one team (PUT replaces the list), and the team's working calendar. */
export function TeamMembersForm({ team, onDone }: { team: TeamRow; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const workers = useWorkerOptions();
  const calendars = useCalendarOptions();
  const [members, setMembers] = useState<Member[]>(team.members);
  const [calendarId, setCalendarId] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['admin', '/teams'] });
  const save = useMutation({
    mutationFn: () => api(`/teams/${team.id}/members`, { method: 'PUT', body: { members: members.map(({ workerId, role }) => ({ workerId, role })), version: team.version } }),
    onSuccess: () => { void refresh(); onDone(); },
  });
  const calendar = useMutation({
    mutationFn: () => api(`/teams/${team.id}/calendar`, { method: 'PUT', body: { calendarId: calendarId === 'none' || calendarId === null ? null : Number(calendarId) } }),
    onSuccess: () => void refresh(),
  });
  const errors = fieldErrorsOf(save.error);
  const add = (id: string | null) => {
    const w = workers.find((o) => o.value === id);
    if (w && !members.some((m) => m.workerId === Number(id))) setMembers([...members, { workerId: Number(id), name: w.label, role: 'member' }]);
  };
  return (
    <Stack>
      <Title order={4}>{t('admin.teams.members')}</Title>
      <ProblemAlert error={save.error} onReload={() => { void refresh(); onDone(); }} />
      {members.length === 0 && <Text c="gray.7">{t('admin.teams.noMembers')}</Text>}
      {members.map((m, i) => (
        <Group key={m.workerId} justify="space-between" data-testid="team-member">
          <Text>{m.name}</Text>
          <Group gap="xs">
            <Switch label={t('admin.teams.lead')} checked={m.role === 'lead'} error={firstUnder(errors, `members.${i}`)}
              onChange={(e) => setMembers(members.map((x) => (x.workerId === m.workerId ? { ...x, role: e.currentTarget.checked ? 'lead' : 'member' } : x)))} />
            <ActionIcon variant="subtle" color="red" aria-label={t('admin.teams.removeNamed', { name: m.name })} onClick={() => setMembers(members.filter((x) => x.workerId !== m.workerId))}>×</ActionIcon>
          </Group>
        </Group>
      ))}
      <Select label={t('admin.teams.addMember')} searchable data={workers.filter((w) => !members.some((m) => String(m.workerId) === w.value))}
        value={null} onChange={add} comboboxProps={{ withinPortal: true }} />
      <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="team-members-save">{t('admin.common.save')}</Button>
      <Divider />
      <Title order={4}>{t('admin.teams.calendar')}</Title>
      <Text size="sm" c="gray.7">{t('admin.teams.calendarHelp')}</Text>
      <ProblemAlert error={calendar.error} />
      <Group align="flex-end">
        <Select label={t('admin.teams.calendar')} data={[{ value: 'none', label: t('admin.teams.noCalendar') }, ...calendars]} value={calendarId}
          onChange={setCalendarId} comboboxProps={{ withinPortal: true }} />
        <Button variant="light" onClick={() => calendar.mutate()} loading={calendar.isPending} disabled={calendarId === null}>{t('admin.teams.setCalendar')}</Button>
      </Group>
      {calendar.isSuccess && <Text size="sm" c="green.8" role="status">{t('admin.common.saved')}</Text>}
    </Stack>
  );
}
