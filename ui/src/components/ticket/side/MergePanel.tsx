import { Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../api';
import type { TicketDetail } from '../types';
import { TicketSearch } from './TicketSearch';

/** Merge this ticket into another (found by number): two steps, since it closes this one. */
export function MergePanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [target, setTarget] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const merge = useMutation({
    mutationFn: () => api<{ target: TicketDetail }>(`/tickets/${ticket.id}/merge`, { method: 'POST', body: { targetTicketId: target } }),
    onSuccess: ({ body }) => {
      void client.invalidateQueries({ queryKey: ['tickets'] });
      void client.invalidateQueries({ queryKey: ['ticket', ticket.id] });
      void navigate(`/tickets/${body.target.id}`);
    },
  });
  return (
    <Stack gap="xs" data-testid="merge">
      <TicketSearch label={t('ticket.merge.target')} excludeId={ticket.id} value={target} testId="merge-search"
        onChange={(v) => { setTarget(v); setConfirming(false); }} />
      {!confirming
        ? <Button size="xs" variant="default" disabled={target === null} onClick={() => setConfirming(true)}>{t('ticket.merge.start')}</Button>
        : (
          <Stack gap={4}>
            <Text size="sm">{t('ticket.merge.confirm', { number: ticket.number })}</Text>
            <Group gap="xs">
              <Button size="xs" color="red" loading={merge.isPending} onClick={() => merge.mutate()} data-testid="merge-confirm">{t('ticket.merge.do')}</Button>
              <Button size="xs" variant="default" onClick={() => setConfirming(false)}>{t('ticket.merge.cancel')}</Button>
            </Group>
          </Stack>
        )}
      {merge.error && <Text size="sm" c="red.8">{merge.error.message}</Text>}
    </Stack>
  );
}
