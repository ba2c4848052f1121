import { Alert, Anchor, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson, type Page, type Ticket } from '../api';
import { PriorityBadge, StatusBadge } from '../components/Badges';
import { useFormat } from '../format';

const PAGE_SIZE = 25;
const UNRESOLVED = 'new,open,pending,on_hold';

/** The queue views: each is a query string of GET /tickets. */
const VIEWS = {
  mine: `assignee=me&statusCategory=${UNRESOLVED}&sort=-priority`,
  unassigned: `assignee=none&statusCategory=${UNRESOLVED}&sort=-updatedAt`,
  all: 'sort=-updatedAt',
} as const;
type View = keyof typeof VIEWS;

export function QueuePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [view, setView] = useState<View>('all');
  const tickets = useInfiniteQuery({
    queryKey: ['tickets', view],
    queryFn: ({ pageParam }) =>
      getJson<Page<Ticket>>(`/tickets?${VIEWS[view]}&limit=${PAGE_SIZE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = tickets.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('queue.title')}</Title>
        <SegmentedControl
          data-testid="queue-views"
          value={view}
          onChange={(v) => setView(v as View)}
          data={(Object.keys(VIEWS) as View[]).map((v) => ({ value: v, label: t(`queue.views.${v}`) }))}
        />
      </Group>
      {tickets.error && <Alert color="red">{t('queue.error', { message: tickets.error.message })}</Alert>}
      <Table striped highlightOnHover data-testid="queue-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>{t('queue.number')}</Table.Th>
            <Table.Th>{t('queue.subject')}</Table.Th>
            <Table.Th>{t('queue.status')}</Table.Th>
            <Table.Th>{t('queue.priority')}</Table.Th>
            <Table.Th>{t('queue.updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((ticket) => (
            <Table.Tr key={ticket.id} data-testid="queue-row">
              <Table.Td>#{ticket.number}</Table.Td>
              <Table.Td><Anchor component={Link} to={`/tickets/${ticket.id}`}>{ticket.subject}</Anchor></Table.Td>
              <Table.Td><StatusBadge status={ticket.status} /></Table.Td>
              <Table.Td><PriorityBadge priority={ticket.priority} /></Table.Td>
              <Table.Td>{fmt.dateTime(ticket.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {tickets.isSuccess && rows.length === 0 && <Text c="dimmed">{t('queue.empty')}</Text>}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">{t('queue.shown', { count: rows.length, n: fmt.number(rows.length) })}</Text>
        {tickets.hasNextPage && (
          <Button variant="default" onClick={() => void tickets.fetchNextPage()} loading={tickets.isFetchingNextPage}>{t('queue.loadMore')}</Button>
        )}
      </Group>
    </Stack>
  );
}
