import { ActionIcon, Anchor, Button, Group, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, getJson } from '../../../api';
import { StatusBadge } from '../../Badges';
import { ticketKey } from '../queries';
import type { LinkKind, TicketLink } from '../types';
import { TicketSearch } from './TicketSearch';

const ADDABLE: LinkKind[] = ['related', 'duplicate', 'parent', 'child'];

/** Linked tickets (B2's /tickets/:id/links): list, add by number search, remove. */
export function LinksPanel({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = [...ticketKey(ticketId), 'links'];
  const links = useQuery({ queryKey: key, queryFn: () => getJson<{ data: TicketLink[] }>(`/tickets/${ticketId}/links`), retry: false });
  const [kind, setKind] = useState<LinkKind>('related');
  const [target, setTarget] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: key });
  const add = useMutation({
    mutationFn: () => api(`/tickets/${ticketId}/links`, { method: 'POST', body: { kind, ticketId: target } }),
    onSuccess: () => { setTarget(null); setError(null); refresh(); },
    onError: (err) => setError(err.message),
  });
  const remove = useMutation({
    mutationFn: (linkId: number) => api(`/tickets/${ticketId}/links/${linkId}`, { method: 'DELETE' }),
    onSuccess: refresh,
    onError: (err) => setError(err.message),
  });
  if (links.error) return <Text size="sm" c="gray.7">{t('ticket.links.unavailable')}</Text>;
  const list = links.data?.data ?? [];
  return (
    <Stack gap="xs" data-testid="links">
      {list.length === 0 && <Text size="sm" c="dimmed">{t('ticket.links.none')}</Text>}
      {list.map((l) => (
        <Group key={l.id} gap="xs" wrap="nowrap" justify="space-between" data-testid="link-row">
          <div style={{ minWidth: 0 }}>
            <Text size="xs" c="gray.7">{t(`ticket.links.kinds.${l.kind}`)}</Text>
            <Anchor component={Link} to={`/tickets/${l.ticket.id}`} size="sm">#{l.ticket.number} {l.ticket.subject}</Anchor>
          </div>
          <Group gap={4} wrap="nowrap">
            <StatusBadge status={l.ticket.status as Parameters<typeof StatusBadge>[0]['status']} />
            {ADDABLE.includes(l.kind) && (
              <ActionIcon variant="subtle" color="red" aria-label={t('ticket.links.remove', { number: l.ticket.number })} onClick={() => remove.mutate(l.id)}>×</ActionIcon>
            )}
          </Group>
        </Group>
      ))}
      <Select label={t('ticket.links.kind')} value={kind} allowDeselect={false} onChange={(v) => v && setKind(v as LinkKind)}
        data={ADDABLE.map((k) => ({ value: k, label: t(`ticket.links.kinds.${k}`) }))} />
      <TicketSearch label={t('ticket.links.ticket')} excludeId={ticketId} value={target} onChange={setTarget} testId="link-search" />
      <Button size="xs" variant="default" disabled={target === null} loading={add.isPending} onClick={() => add.mutate()}>{t('ticket.links.add')}</Button>
      {error && <Text size="sm" c="red.8">{error}</Text>}
    </Stack>
  );
}
