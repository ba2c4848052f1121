import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../format';
import type { AppNotification } from './notifications-data';
import { useTicketSummary } from '../../hooks/useLookups';
import { kindOf, namesTicket, useNotificationText } from './useNotificationText';

type Props = { notification: AppNotification; onRead: (id: number) => void; onOpen?: () => void; reading?: boolean };

/** One notification: its sentence (a link to the ticket), when, and "mark read" while unread. */
export function NotificationItem({ notification: n, onRead, onOpen, reading }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const ticket = useTicketSummary(namesTicket(n) ? null : n.ticketId);
  const text = useNotificationText()(n, ticket.data);
  const unread = n.readAt === null;
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs" data-testid="notification-item" data-kind={kindOf(n)} data-unread={unread || undefined}>
      <Stack gap={2} style={{ minWidth: 0 }}>
        {n.ticketId !== null ? (
          <Anchor
            c="blue.9"
            component={Link}
            to={`/tickets/${n.ticketId}`}
            size="sm"
            fw={unread ? 600 : 400}
            onClick={() => { if (unread) onRead(n.id); onOpen?.(); }}
          >
            {text}
          </Anchor>
        ) : <Text size="sm" fw={unread ? 600 : 400}>{text}</Text>}
        <Text size="xs" c="gray.7">{fmt.dateTime(n.createdAt)}{unread ? ` · ${t('notifications.unread')}` : ''}</Text>
      </Stack>
      {unread && (
        <Button size="compact-xs" variant="subtle" color="blue.9" c="blue.9" style={{ flexShrink: 0 }} onClick={() => onRead(n.id)} loading={reading} aria-label={t('notifications.markReadOne', { text })}>
          {t('notifications.markRead')}
        </Button>
      )}
    </Group>
  );
}
