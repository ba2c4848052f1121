import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson, type Page } from '../../../api';
import { StatusBadge } from '../../Badges';
import { useCustomer } from '../AuthorName';
import type { Organization, TicketDetail } from '../types';

/** The requester: contact details, organization, how they reach us and their other tickets. */
export function CustomerPanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const customer = useCustomer(ticket.requesterId);
  const orgId = customer.data?.organization?.id ?? null;
  const org = useQuery({
    queryKey: ['organization', orgId],
    queryFn: () => getJson<Organization>(`/organizations/${orgId}`),
    enabled: orgId !== null,
    staleTime: 60_000,
  });
  const history = useQuery({
    queryKey: ['tickets', 'requester', ticket.requesterId],
    queryFn: () => getJson<Page<TicketDetail>>(`/tickets?requester=${ticket.requesterId}&limit=10&sort=-createdAt`),
  });
  if (customer.error) return <Text size="sm" c="red.8">{t('ticket.customer.error', { message: customer.error.message })}</Text>;
  const c = customer.data;
  if (!c) return <Text size="sm" c="dimmed">{t('ticket.loading')}</Text>;
  const others = (history.data?.data ?? []).filter((tk) => tk.id !== ticket.id);
  const channels = [...new Set((history.data?.data ?? []).map((tk) => tk.channel))];
  return (
    <Stack gap="xs" data-testid="customer-panel">
      <div>
        <Text fw={600} data-testid="customer-name">{c.name}</Text>
        {c.email && <Anchor href={`mailto:${c.email}`} size="sm" display="block">{c.email}</Anchor>}
        {c.phone && <Anchor href={`tel:${c.phone}`} size="sm" display="block">{c.phone}</Anchor>}
        <Text size="xs" c="gray.7">{t('ticket.customer.language', { language: c.language })}</Text>
      </div>
      {org.data && (
        <div data-testid="customer-organization">
          <Text size="sm" fw={600}>{org.data.name}</Text>
          {org.data.domains.length > 0 && <Text size="xs" c="gray.7">{org.data.domains.join(', ')}</Text>}
          {org.data.notes && <Text size="xs" c="gray.7" lineClamp={3}>{org.data.notes}</Text>}
        </div>
      )}
      {channels.length > 0 && (
        <Group gap={4} aria-label={t('ticket.customer.channels')}>
          <Text size="xs" c="gray.7">{t('ticket.customer.channels')}:</Text>
          {channels.map((ch) => <Badge key={ch} size="xs" variant="light" color="gray" c="gray.9">{t(`ticket.channels.${ch}`, { defaultValue: ch })}</Badge>)}
        </Group>
      )}
      <Text size="sm" fw={600}>{t('ticket.customer.previous')}</Text>
      {history.isSuccess && others.length === 0 && <Text size="sm" c="dimmed">{t('ticket.customer.noPrevious')}</Text>}
      {others.map((tk) => (
        <Group key={tk.id} gap="xs" wrap="nowrap" justify="space-between" data-testid="previous-ticket">
          <Anchor component={Link} to={`/tickets/${tk.id}`} size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>#{tk.number} {tk.subject}</Anchor>
          <StatusBadge status={tk.status} />
        </Group>
      ))}
    </Stack>
  );
}
