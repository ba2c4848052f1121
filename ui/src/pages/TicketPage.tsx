import { Alert, Anchor, Grid, Stack, Text } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api';
import { Composer } from '../components/ticket/composer/Composer';
import { Conversation } from '../components/ticket/Conversation';
import { useTicket } from '../components/ticket/queries';
import { SidePanel } from '../components/ticket/SidePanel';
import { TicketHeader } from '../components/ticket/TicketHeader';
import { usePresence } from '../components/ticket/usePresence';
import '../components/ticket/ticket.css';

/**
 * The ticket page: conversation and composer in the centre, the side panel (fields, customer, SLA, links…)
 * beside it on wide screens and below it on narrow ones. `?reply=1` focuses the composer.
 */
export function TicketPage() {
  const id = Number(useParams().id);
  return <TicketView key={id} id={id} />;
}

function TicketView({ id }: { id: number }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const ticket = useTicket(id);
  const [replying, setReplying] = useState(false);
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const others = usePresence(id, replying);
  const onReplyingChange = useCallback((r: boolean) => setReplying(r), []);
  const onSelect = useCallback((entryId: number, on: boolean) =>
    setSelected((s) => (on ? [...s, entryId] : s.filter((x) => x !== entryId))), []);
  const onSelecting = (on: boolean) => { setSelecting(on); setSelected([]); };

  const back = <Anchor component={Link} to="/">{t('ticket.back')}</Anchor>;
  if (ticket.error) {
    const notFound = ticket.error instanceof ApiError && ticket.error.status === 404;
    return (
      <Stack className="lantern-ticket">
        {back}
        <Alert color="red">{notFound ? t('ticket.notFound') : t('ticket.error', { message: ticket.error.message })}</Alert>
      </Stack>
    );
  }
  if (!ticket.data) return <Text c="dimmed">{t('ticket.loading')}</Text>;
  return (
    <Stack gap="sm" className="lantern-ticket">
      {back}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <TicketHeader ticket={ticket.data} others={others} />
            <Conversation ticketId={id} selecting={selecting} selected={selected} onSelect={onSelect} />
            <Composer ticket={ticket.data} autoFocus={params.get('reply') === '1'} onReplyingChange={onReplyingChange} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SidePanel ticket={ticket.data} selecting={selecting} selected={selected} onSelecting={onSelecting} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
