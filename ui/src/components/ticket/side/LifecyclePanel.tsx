import { Badge, Group, Stack, Text, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../../api';
import { useFormat } from '../../../format';
import { SlaBadge } from '../../SlaBadge';
import { ticketKey } from '../queries';
import type { LifecycleView, SlaClock } from '../types';

function Clock({ clock }: { clock: SlaClock }) {
  const { t } = useTranslation();
  const running = clock.phase === 'running';
  return (
    <Group justify="space-between" gap="xs" data-testid="sla-clock" data-metric={clock.metric}>
      <Text size="sm">{t(`ticket.lifecycle.metrics.${clock.metric}`, { defaultValue: clock.metric })}</Text>
      {running
        ? <SlaBadge sla={{ nextDeadlineAt: clock.dueAt, breached: clock.breachedAt !== null }} />
        : <Badge variant="light" color={clock.breachedAt ? 'red' : 'gray'} c={clock.breachedAt ? 'red.9' : 'gray.8'}>
            {clock.breachedAt ? t('ticket.lifecycle.breached') : t(`ticket.lifecycle.phases.${clock.phase}`, { defaultValue: clock.phase })}
          </Badge>}
    </Group>
  );
}

/** SLA clocks with countdowns and the lifecycle's event history (newest first). */
export function LifecyclePanel({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const lifecycle = useQuery({
    queryKey: [...ticketKey(ticketId), 'lifecycle'],
    queryFn: () => getJson<LifecycleView>(`/tickets/${ticketId}/lifecycle?limit=20`),
  });
  if (lifecycle.error) return <Text size="sm" c="red.8">{t('ticket.lifecycle.error', { message: lifecycle.error.message })}</Text>;
  if (!lifecycle.data) return <Text size="sm" c="dimmed">{t('ticket.loading')}</Text>;
  const { lifecycle: state, history } = lifecycle.data;
  const clocks = state?.sla.clocks.filter((c) => c.phase !== 'idle' || c.breachedAt) ?? [];
  return (
    <Stack gap="sm" data-testid="lifecycle">
      {!state && <Text size="sm" c="dimmed">{t('ticket.lifecycle.notStarted')}</Text>}
      {state?.sla.paused && <Text size="sm" c="gray.7">{t('ticket.lifecycle.paused')}</Text>}
      {clocks.map((c) => <Clock key={c.metric} clock={c} />)}
      {history.data.length > 0 && (
        <Timeline bulletSize={10} lineWidth={2} data-testid="lifecycle-timeline">
          {history.data.map((h) => (
            <Timeline.Item key={h.id} title={<Text size="sm">{t(`ticket.lifecycle.events.${h.type}`, { defaultValue: h.type })}</Text>}>
              <Text size="xs" c="gray.7">{fmt.dateTime(h.at ?? h.appliedAt)}</Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}
