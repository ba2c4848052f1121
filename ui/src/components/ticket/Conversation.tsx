import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson, type Page } from '../../api';
import { EntryCard } from './EntryCard';
import type { EntryView } from './types';

const PAGE = 100;

/** The conversation, oldest first (the API pages forward by id); shared by the list and the composer. */
export function useEntries(ticketId: number) {
  const query = useInfiniteQuery({
    queryKey: ['ticket', ticketId, 'entries'],
    queryFn: ({ pageParam }) =>
      getJson<Page<EntryView>>(`/tickets/${ticketId}/entries?limit=${PAGE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const list = query.data?.pages.flatMap((p) => p.data) ?? [];
  return { query, list, lastId: list.at(-1)?.id ?? null };
}

type Props = { ticketId: number; selecting: boolean; selected: number[]; onSelect: (id: number, on: boolean) => void };

export function Conversation({ ticketId, selecting, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const { query, list } = useEntries(ticketId);
  return (
    <Stack gap="sm" data-testid="conversation">
      <Title order={2} size="h4">{t('ticket.conversation')}</Title>
      {query.error && <Alert color="red">{t('ticket.entriesError', { message: query.error.message })}</Alert>}
      {query.isPending && <Text c="dimmed">{t('ticket.loading')}</Text>}
      {query.isSuccess && list.length === 0 && <Text c="dimmed">{t('ticket.noEntries')}</Text>}
      {list.map((e) => (
        <EntryCard key={e.id} entry={e} selectable={selecting} selected={selected.includes(e.id)} onSelect={onSelect} />
      ))}
      {query.hasNextPage && (
        <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>{t('ticket.loadOlder')}</Button>
      )}
    </Stack>
  );
}
