import { Button, Fieldset, NumberInput, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { LifecycleSettings } from './lifecycle-types';
import { fieldErrorsOf, unclaimed } from './problem';
import { ProblemAlert } from './ProblemAlert';
import { useCalendarOptions } from './use-options';

export type Sections = Omit<LifecycleSettings, 'updatedAt' | 'version'>;
const SECTIONS = ['calendarId', 'warningPercent', 'pending', 'solved', 'survey', 'agentAlerts', 'customerNotifications'];

/** Lifecycle settings: business calendar, warning threshold, pending reminders, auto-solve/close, survey and alerts. */
export function LifecycleSettingsForm({ settings, onDraft }: { settings: LifecycleSettings; onDraft?: (draft: Sections) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const calendars = useCalendarOptions();
  const [s, setS] = useState<Sections>(settings);
  // The page's preview follows the unsaved form.
  useEffect(() => onDraft?.(s), [s, onDraft]);
  const save = useMutation({
    mutationFn: () => {
      const { calendarId, warningPercent, pending, solved, survey, agentAlerts } = s;
      return api('/lifecycle-policies', { method: 'PATCH', body: { calendarId, warningPercent, pending, solved, survey, agentAlerts, version: settings.version } });
    },
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['admin', 'lifecycle'] }), client.invalidateQueries({ queryKey: ['admin', '/lifecycle-policies/versions'] })]),
  });
  const errors = fieldErrorsOf(save.error);
  const sec = <K extends keyof Sections>(k: K, patch: Partial<Sections[K]>) => setS({ ...s, [k]: { ...(s[k] as object), ...patch } });
  // Empty means "off" (null) for the optional timers.
  const optional = (v: number | string) => (v === '' ? null : Number(v));
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  return (
    <form onSubmit={submit} noValidate data-testid="lifecycle-settings">
      <Stack>
        <ProblemAlert error={save.error} extra={unclaimed(errors, SECTIONS)} onReload={() => void client.invalidateQueries({ queryKey: ['admin', 'lifecycle'] })} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label={t('admin.lifecycle.calendar')} data={calendars} value={String(s.calendarId)} onChange={(v) => v && setS({ ...s, calendarId: Number(v) })}
            error={errors.calendarId} comboboxProps={{ withinPortal: true }} />
          <NumberInput label={t('admin.lifecycle.warningPercent')} description={t('admin.lifecycle.warningPercentHelp')} min={1} max={99} suffix=" %"
            value={s.warningPercent} onChange={(v) => setS({ ...s, warningPercent: Number(v) })} error={errors.warningPercent} data-testid="warning-percent" />
        </SimpleGrid>
        <Fieldset legend={t('admin.lifecycle.pending')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput label={t('admin.lifecycle.reminderAfterHours')} description={t('admin.lifecycle.emptyIsOff')} min={0} value={s.pending.reminderAfterHours ?? ''}
              onChange={(v) => sec('pending', { reminderAfterHours: optional(v) })} error={errors['pending.reminderAfterHours']} data-testid="reminder-after" />
            <NumberInput label={t('admin.lifecycle.maxReminders')} min={0} value={s.pending.maxReminders} onChange={(v) => sec('pending', { maxReminders: Number(v) || 0 })} error={errors['pending.maxReminders']} />
            <TextInput label={t('admin.lifecycle.reminderTemplate')} value={s.pending.reminderTemplate} onChange={(e) => sec('pending', { reminderTemplate: e.currentTarget.value })} error={errors['pending.reminderTemplate']} />
            <NumberInput label={t('admin.lifecycle.autoSolveAfterDays')} description={t('admin.lifecycle.emptyIsOff')} min={0} value={s.pending.autoSolveAfterDays ?? ''}
              onChange={(v) => sec('pending', { autoSolveAfterDays: optional(v) })} error={errors['pending.autoSolveAfterDays']} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('admin.lifecycle.solved')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput label={t('admin.lifecycle.autoCloseAfterDays')} description={t('admin.lifecycle.emptyIsOff')} min={0} value={s.solved.autoCloseAfterDays ?? ''}
              onChange={(v) => sec('solved', { autoCloseAfterDays: optional(v) })} error={errors['solved.autoCloseAfterDays']} />
            <NumberInput label={t('admin.lifecycle.reopenWindowDays')} min={0} value={s.solved.reopenWindowDays} onChange={(v) => sec('solved', { reopenWindowDays: Number(v) || 0 })} error={errors['solved.reopenWindowDays']} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('admin.lifecycle.survey')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Switch label={t('admin.lifecycle.surveyEnabled')} checked={s.survey.enabled} onChange={(e) => sec('survey', { enabled: e.currentTarget.checked })} />
            <NumberInput label={t('admin.lifecycle.surveyDelayHours')} min={0} value={s.survey.delayHours} onChange={(v) => sec('survey', { delayHours: Number(v) || 0 })} error={errors['survey.delayHours']} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('admin.lifecycle.alerts')}>
          <Stack gap="xs">
            {(['onCustomerReply', 'onAssignment', 'onReopen'] as const).map((k) => (
              <Switch key={k} label={t(`admin.lifecycle.alertNames.${k}`)} checked={s.agentAlerts[k]} onChange={(e) => sec('agentAlerts', { [k]: e.currentTarget.checked })} />
            ))}
            <NumberInput label={t('admin.lifecycle.lowCsat')} description={t('admin.lifecycle.emptyIsOff')} min={1} max={5} w={220} value={s.agentAlerts.lowCsatAtOrBelow ?? ''}
              onChange={(v) => sec('agentAlerts', { lowCsatAtOrBelow: optional(v) })} error={errors['agentAlerts.lowCsatAtOrBelow']} />
          </Stack>
        </Fieldset>
        {save.isSuccess && <Text c="green.8" role="status">{t('admin.lifecycle.published')}</Text>}
        <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }} data-testid="lifecycle-save">{t('admin.lifecycle.saveAndPublish')}</Button>
      </Stack>
    </form>
  );
}
