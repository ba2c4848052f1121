import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format';
import { PriorityBadge, StatusBadge } from '../Badges';
import { SlaBadge } from '../SlaBadge';
import { PresenceBar } from './PresenceBar';
import type { Presence, TicketDetail } from './types';

export function TicketHeader({ ticket, others }: { ticket: TicketDetail; others: Presence[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Paper withBorder p="md">
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Text c="gray.7" size="sm">{t('ticket.title', { number: ticket.number })}</Text>
            <Title order={1} size="h2" data-testid="ticket-subject" style={{ overflowWrap: 'anywhere' }}>{ticket.subject}</Title>
          </div>
          <Group gap="xs">
            <StatusBadge status={ticket.status} />
            <PriorityBadge priority={ticket.priority} />
            <SlaBadge sla={ticket.sla} />
          </Group>
        </Group>
        <Text size="sm" c="gray.7">
          {t('ticket.created', { date: fmt.dateTime(ticket.createdAt) })} · {t('ticket.updated', { date: fmt.dateTime(ticket.updatedAt) })} · {t('ticket.channel', { channel: t(`ticket.channels.${ticket.channel}`, { defaultValue: ticket.channel }) })}
        </Text>
        <PresenceBar others={others} />
      </Stack>
    </Paper>
  );
}
