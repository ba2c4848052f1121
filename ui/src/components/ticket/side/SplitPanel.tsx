import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../api';
import type { TicketDetail } from '../types';

type Props = { ticket: TicketDetail; selecting: boolean; selected: number[]; onSelecting: (on: boolean) => void };

/** Split entries picked in the conversation (checkboxes appear while selecting) into a new ticket. */
export function SplitPanel({ ticket, selecting, selected, onSelecting }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [subject, setSubject] = useState('');
  const split = useMutation({
    mutationFn: () => api<{ ticket: TicketDetail }>(`/tickets/${ticket.id}/split`, {
      method: 'POST', body: { entryIds: selected, ...(subject.trim() && { subject: subject.trim() }) },
    }),
    onSuccess: ({ body }) => {
      onSelecting(false);
      void client.invalidateQueries({ queryKey: ['tickets'] });
      void client.invalidateQueries({ queryKey: ['ticket', ticket.id] });
      void navigate(`/tickets/${body.ticket.id}`);
    },
  });
  if (!selecting) {
    return <Button size="xs" variant="default" onClick={() => onSelecting(true)} data-testid="split-start">{t('ticket.split.start')}</Button>;
  }
  return (
    <Stack gap="xs" data-testid="split">
      <Text size="sm">{t('ticket.split.hint', { count: selected.length })}</Text>
      <TextInput label={t('ticket.split.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} placeholder={ticket.subject} />
      <Group gap="xs">
        <Button size="xs" disabled={!selected.length} loading={split.isPending} onClick={() => split.mutate()}>{t('ticket.split.do', { count: selected.length })}</Button>
        <Button size="xs" variant="default" onClick={() => onSelecting(false)}>{t('ticket.split.cancel')}</Button>
      </Group>
      {split.error && <Text size="sm" c="red.8">{split.error.message}</Text>}
    </Stack>
  );
}
