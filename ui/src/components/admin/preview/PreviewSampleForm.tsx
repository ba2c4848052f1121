import { ActionIcon, Button, Group, NumberInput, Select, Stack, TagsInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePriorities } from '../use-options';
import { PREVIEW_CHANNELS, SCRIPT_EVENTS, type Sample, type ScriptEvent } from './preview-types';

type Props = { value: Sample; onChange: (next: Sample) => void; errors: Record<string, string> };

/** The sample ticket (priority, channel, tags) and what people do to it, minutes after it arrives. */
export function PreviewSampleForm({ value, onChange, errors }: Props) {
  const { t } = useTranslation();
  const priorities = usePriorities();
  const set = (patch: Partial<Sample>) => onChange({ ...value, ...patch });
  const nextKey = () => Math.max(0, ...value.events.map((e) => e.key)) + 1;
  const setEvent = (key: number, patch: Partial<Sample['events'][number]>) => set({ events: value.events.map((e) => (e.key === key ? { ...e, ...patch } : e)) });
  return (
    <Stack gap="xs">
      <Group grow align="flex-start" wrap="wrap">
        <Select label={t('admin.lifecyclePreview.priority')} data-testid="preview-priority" miw={140} allowDeselect={false}
          data={[...priorities].sort((a, b) => b.rank - a.rank).map((p) => ({ value: String(p.id), label: p.name }))}
          value={value.priority === null ? null : String(value.priority)} onChange={(v) => v && set({ priority: Number(v) })} error={errors['ticket.priority']} />
        <Select label={t('admin.lifecyclePreview.channel')} data-testid="preview-channel" miw={140} allowDeselect={false}
          data={PREVIEW_CHANNELS.map((c) => ({ value: c, label: t(`admin.lifecyclePreview.channels.${c}`) }))} value={value.channel} onChange={(v) => v && set({ channel: v })} />
      </Group>
      <TagsInput label={t('admin.lifecyclePreview.tags')} value={value.tags} onChange={(tags) => set({ tags })} error={errors['ticket.tags']} />
      <Text size="sm" fw={500}>{t('admin.lifecyclePreview.script')}</Text>
      {value.events.length === 0 && <Text size="sm" c="gray.7">{t('admin.lifecyclePreview.nobodyAnswers')}</Text>}
      {value.events.map((e, i) => (
        <Group key={e.key} gap="xs" align="flex-end" wrap="wrap" data-testid="preview-event">
          <NumberInput label={t('admin.lifecyclePreview.afterMinutes')} min={0} max={129600} w={150} value={e.afterMinutes}
            onChange={(v) => setEvent(e.key, { afterMinutes: Math.max(0, Math.floor(Number(v) || 0)) })} error={errors[`events.${i}.afterMinutes`]} />
          <Select label={t('admin.lifecyclePreview.what')} w={200} allowDeselect={false} value={e.event}
            data={SCRIPT_EVENTS.map((k) => ({ value: k, label: t(`admin.lifecyclePreview.events.${k}`) }))} onChange={(v) => v && setEvent(e.key, { event: v as ScriptEvent })} />
          <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('admin.lifecyclePreview.removeEvent')} onClick={() => set({ events: value.events.filter((x) => x.key !== e.key) })}>×</ActionIcon>
        </Group>
      ))}
      <Group>
        <Button variant="light" size="xs" data-testid="preview-add-event" disabled={value.events.length >= 50}
          onClick={() => set({ events: [...value.events, { key: nextKey(), afterMinutes: 30, event: 'agent_reply' }] })}>
          {t('admin.lifecyclePreview.addEvent')}
        </Button>
      </Group>
    </Stack>
  );
}
