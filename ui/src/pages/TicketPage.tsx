import { Alert, Anchor, Badge, Button, Card, Group, Paper, SegmentedControl, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, getJson, type Entry, type Page, type Ticket } from '../api';
import { PriorityBadge, StatusBadge, useSettings } from '../components/Badges';
import { useFormat } from '../format';

type Feedback = { color: 'green' | 'red' | 'yellow'; text: string } | null;

export function TicketPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const ticket = useQuery({ queryKey: ['ticket', id], queryFn: () => getJson<Ticket>(`/tickets/${id}`) });

  if (ticket.error) {
    const notFound = ticket.error instanceof ApiError && ticket.error.status === 404;
    return (
      <Stack>
        <Anchor component={Link} to="/">{t('ticket.back')}</Anchor>
        <Alert color="red">{notFound ? t('ticket.notFound') : t('ticket.error', { message: ticket.error.message })}</Alert>
      </Stack>
    );
  }
  if (!ticket.data) return null;
  return (
    <Stack maw={900}>
      <Anchor component={Link} to="/">{t('ticket.back')}</Anchor>
      <TicketHeader ticket={ticket.data} />
      <Conversation ticketId={id} />
      <Composer ticketId={id} />
    </Stack>
  );
}

function TicketHeader({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const client = useQueryClient();
  const { statuses, priorities } = useSettings();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const update = useMutation({
    mutationFn: (changes: { statusId?: number; priorityId?: number }) =>
      api<Ticket>(`/tickets/${ticket.id}`, { method: 'PATCH', body: changes, headers: { 'If-Match': `"v${ticket.version}"` } }),
    onSuccess: ({ body }) => {
      client.setQueryData(['ticket', ticket.id], body);
      void client.invalidateQueries({ queryKey: ['tickets'] });
      setFeedback({ color: 'green', text: t('ticket.saved') });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        setFeedback({ color: 'yellow', text: t('ticket.conflict') });
        void client.invalidateQueries({ queryKey: ['ticket', ticket.id] });
      } else {
        setFeedback({ color: 'red', text: t('ticket.saveFailed', { message: err.message }) });
      }
    },
  });

  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <div>
            <Text c="dimmed" size="sm">{t('ticket.title', { number: ticket.number })}</Text>
            <Title order={2} data-testid="ticket-subject">{ticket.subject}</Title>
          </div>
          <Group gap="xs">
            <StatusBadge status={ticket.status} />
            <PriorityBadge priority={ticket.priority} />
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {t('ticket.created', { date: fmt.dateTime(ticket.createdAt) })} · {t('ticket.updated', { date: fmt.dateTime(ticket.updatedAt) })}
        </Text>
        <Group>
          <Select
            label={t('ticket.status')}
            data-testid="status-select"
            allowDeselect={false}
            value={String(ticket.status.id)}
            data={statuses.map((s) => ({ value: String(s.id), label: s.name }))}
            onChange={(v) => { if (v && Number(v) !== ticket.status.id) update.mutate({ statusId: Number(v) }); }}
            disabled={update.isPending}
          />
          <Select
            label={t('ticket.priority')}
            data-testid="priority-select"
            allowDeselect={false}
            value={String(ticket.priority.id)}
            data={priorities.map((p) => ({ value: String(p.id), label: p.name }))}
            onChange={(v) => { if (v && Number(v) !== ticket.priority.id) update.mutate({ priorityId: Number(v) }); }}
            disabled={update.isPending}
          />
        </Group>
        {feedback && <Alert color={feedback.color} data-testid="ticket-feedback" withCloseButton onClose={() => setFeedback(null)}>{feedback.text}</Alert>}
      </Stack>
    </Paper>
  );
}

function Conversation({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const entries = useInfiniteQuery({
    queryKey: ['ticket', ticketId, 'entries'],
    queryFn: ({ pageParam }) => getJson<Page<Entry>>(`/tickets/${ticketId}/entries?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const list = entries.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack gap="sm">
      <Title order={4}>{t('ticket.conversation')}</Title>
      {entries.isSuccess && list.length === 0 && <Text c="dimmed">{t('ticket.noEntries')}</Text>}
      {list.map((e) => {
        const note = e.kind === 'internal_note';
        return (
          <Card
            key={e.id}
            withBorder
            data-testid="entry"
            data-kind={e.kind}
            bg={note ? 'yellow.0' : e.kind === 'customer_message' ? 'white' : 'blue.0'}
            style={note ? { borderColor: 'var(--mantine-color-yellow-5)', borderStyle: 'dashed' } : undefined}
          >
            <Group justify="space-between" mb={4}>
              <Group gap="xs">
                <Badge color={note ? 'yellow' : e.kind === 'public_reply' ? 'blue' : 'gray'} variant={note ? 'filled' : 'light'}>
                  {t(`ticket.kinds.${e.kind}`)}
                </Badge>
                <Text size="sm" c="dimmed">
                  {e.author.id === null ? t('ticket.author.system') : t(`ticket.author.${e.author.type === 'customer' || e.author.type === 'plugin' ? e.author.type : 'worker'}`, { id: e.author.id })}
                </Text>
              </Group>
              <Text size="sm" c="dimmed">{fmt.dateTime(e.createdAt)}</Text>
            </Group>
            {/* Text, never the HTML: the server sanitizes HTML, but the plain text needs no trust at all. */}
            <Text style={{ whiteSpace: 'pre-wrap' }}>{e.bodyText}</Text>
          </Card>
        );
      })}
      {entries.hasNextPage && (
        <Button variant="default" onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage}>{t('ticket.loadOlder')}</Button>
      )}
    </Stack>
  );
}

function Composer({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<'public_reply' | 'internal_note'>('public_reply');
  const [text, setText] = useState('');
  const [feedback, setFeedback] = useState<Feedback>(null);
  const send = useMutation({
    mutationFn: () => api<Entry>(`/tickets/${ticketId}/entries`, { method: 'POST', body: { kind, bodyText: text } }),
    onSuccess: () => {
      setText('');
      setFeedback({ color: 'green', text: t('composer.sent') });
      void client.invalidateQueries({ queryKey: ['ticket', ticketId] });
    },
    onError: (err) => setFeedback({ color: 'red', text: t('composer.failed', { message: err.message }) }),
  });
  const note = kind === 'internal_note';
  return (
    <Paper withBorder p="md" bg={note ? 'yellow.0' : undefined} data-testid="composer">
      <Stack gap="sm">
        <SegmentedControl
          data-testid="composer-kind"
          value={kind}
          onChange={(v) => setKind(v as typeof kind)}
          data={[{ value: 'public_reply', label: t('composer.reply') }, { value: 'internal_note', label: t('composer.note') }]}
        />
        {note && <Text size="sm" c="yellow.9">{t('composer.noteHint')}</Text>}
        <Textarea
          data-testid="composer-text"
          autosize
          minRows={3}
          placeholder={note ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <Group justify="space-between">
          {feedback ? <Text size="sm" c={feedback.color}>{feedback.text}</Text> : <span />}
          <Button data-testid="composer-send" color={note ? 'yellow' : 'blue'} disabled={!text.trim()} loading={send.isPending} onClick={() => send.mutate()}>
            {note ? t('composer.addNote') : t('composer.sendReply')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
