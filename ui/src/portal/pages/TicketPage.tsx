import { Anchor, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api';
import { useFormat } from '../../format';
import { PortalAlert, PortalNotice } from '../components/PortalAlert';
import { PortalConversation } from '../components/PortalConversation';
import { RatingPanel } from '../components/RatingPanel';
import { ReplyForm } from '../components/ReplyForm';
import { StatusBadge } from '../components/StatusBadge';
import classes from '../components/portal.module.css';
import { portalApi } from '../portal-api';
import { usePortalMe } from '../session';

/** One ticket: state, the public conversation, reply, close/reopen and the rating of its resolution. */
export function TicketPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const client = useQueryClient();
  const me = usePortalMe().data!;
  const id = Number(useParams().id);
  const ticket = useQuery({ queryKey: ['ticket', id], queryFn: () => portalApi.ticket(id), enabled: Number.isInteger(id) && id > 0 });
  const change = useMutation({
    mutationFn: (action: 'close' | 'reopen') => (action === 'close' ? portalApi.close(id) : portalApi.reopen(id)),
    onSuccess: (updated) => {
      client.setQueryData(['ticket', id], updated);
      void client.invalidateQueries({ queryKey: ['ticket', id] });
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
  const back = <Anchor component={Link} to="/" size="sm">← {t('portal.common.back')}</Anchor>;
  if (ticket.isPending) return <Stack>{back}<Loader aria-label={t('portal.common.loading')} /></Stack>;
  if (ticket.error) {
    const missing = ticket.error instanceof ApiError && ticket.error.status === 404;
    return <Stack>{back}{missing ? <PortalNotice warn testId="ticket-missing">{t('portal.ticket.notFound')}</PortalNotice> : <PortalAlert error={ticket.error} />}</Stack>;
  }
  const tk = ticket.data;
  const category = tk.status.category;
  const closed = category === 'closed';
  const resolved = category === 'solved' || closed;
  const isRequester = tk.requesterId === me.id;
  return (
    <Stack gap="md" maw={820}>
      {back}
      <Stack gap={4}>
        <Group gap="sm" wrap="wrap">
          <h1 className={classes.h1} style={{ margin: 0, overflowWrap: 'anywhere' }} data-testid="ticket-subject">{tk.subject}</h1>
          <StatusBadge category={category} />
        </Group>
        <Text size="sm" c="gray.8">{t('portal.tickets.number', { number: tk.number })} · {t('portal.ticket.opened', { date: fmt.dateTime(tk.createdAt) })}</Text>
      </Stack>
      {isRequester ? (
        <Group gap="xs">
          {resolved
            ? <Button variant="default" onClick={() => change.mutate('reopen')} loading={change.isPending} data-testid="reopen-ticket">{t('portal.ticket.reopen')}</Button>
            : <Button variant="default" onClick={() => change.mutate('close')} loading={change.isPending} data-testid="close-ticket">{t('portal.ticket.close')}</Button>}
        </Group>
      ) : <Text size="sm" c="gray.8">{t('portal.ticket.onlyRequester')}</Text>}
      <PortalAlert error={change.error} />
      <RatingPanel ticketId={id} canRate={isRequester} resolved={resolved} updatedAt={tk.updatedAt} />
      <h2 className={classes.h2}>{t('portal.ticket.conversation')}</h2>
      <PortalConversation ticketId={id} meId={me.id} />
      {closed ? <Text size="sm" c="gray.8" data-testid="closed-note">{t('portal.ticket.closedNote')}</Text> : <ReplyForm ticketId={id} />}
    </Stack>
  );
}
