import { Anchor, Button, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../format';
import { portalApi } from '../portal-api';
import { PortalAlert } from './PortalAlert';
import { StatusBadge } from './StatusBadge';

/** A keyset-paged list of the tickets the customer may see; `requesterId` narrows it to their own. */
export function TicketList({ meId, requesterId }: { meId: number; requesterId?: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useInfiniteQuery({
    queryKey: ['tickets', 'portal', requesterId ?? 'all'],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => {
      const q = new URLSearchParams({ limit: '25', sort: '-updatedAt' });
      if (requesterId) q.set('requester', String(requesterId));
      if (pageParam) q.set('cursor', pageParam);
      return portalApi.tickets(q.toString());
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  if (list.isPending) return <Loader aria-label={t('portal.common.loading')} />;
  if (list.error) return <PortalAlert error={list.error} />;
  const tickets = list.data.pages.flatMap((p) => p.data);
  if (!tickets.length) return <Text c="gray.8" data-testid="tickets-empty">{requesterId ? t('portal.tickets.empty') : t('portal.tickets.emptyOrg')}</Text>;
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="ticket-list">
      {tickets.map((ticket) => (
        <Card component="li" key={ticket.id} withBorder padding="sm" data-testid="ticket-row">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Anchor component={Link} to={`/tickets/${ticket.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>{ticket.subject}</Anchor>
            <StatusBadge category={ticket.status.category} />
          </Group>
          <Text size="xs" c="gray.8" mt={4}>
            {t('portal.tickets.number', { number: ticket.number })} · {t('portal.tickets.updated', { date: fmt.dateTime(ticket.updatedAt) })}
            {ticket.requesterId !== meId && ` · ${t('portal.tickets.byColleague')}`}
          </Text>
        </Card>
      ))}
      {list.hasNextPage && (
        <Button variant="subtle" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ alignSelf: 'center' }}>
          {t('portal.tickets.more')}
        </Button>
      )}
    </Stack>
  );
}
