import { Button, Menu, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, getJson } from '../../../api';
import { ifMatch, ticketKey } from '../queries';
import type { ComposerKind, Macro, TicketDetail } from '../types';

type Reply = { kind: ComposerKind; bodyHtml: string } | null;
type Props = { ticket: TicketDetail; onReply: (reply: NonNullable<Reply>) => void; onError: (message: string, conflict: boolean) => void };

/**
 * Macros: one click applies the field changes on the server (If-Match) and hands back the rendered reply,
 * which goes into the editor for review instead of being sent.
 */
export function MacroMenu({ ticket, onReply, onError }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const macros = useQuery({ queryKey: ['macros'], queryFn: () => getJson<{ data: Macro[] }>('/macros'), staleTime: 60_000, retry: false });
  const apply = useMutation({
    mutationFn: (id: number) =>
      api<{ ticket: TicketDetail; reply: Reply }>(`/tickets/${ticket.id}/macros/${id}/apply`, { method: 'POST', headers: ifMatch(ticket.version) }),
    onSuccess: ({ body }) => {
      client.setQueryData(ticketKey(ticket.id), body.ticket);
      void client.invalidateQueries({ queryKey: ticketKey(ticket.id) });
      void client.invalidateQueries({ queryKey: ['tickets'] });
      if (body.reply) onReply(body.reply);
    },
    onError: (err) => {
      const conflict = err instanceof ApiError && err.status === 409;
      if (conflict) void client.invalidateQueries({ queryKey: ticketKey(ticket.id) });
      onError(err.message, conflict);
    },
  });
  // No macros endpoint (older server) or none defined: nothing to offer.
  const list = macros.data?.data ?? [];
  if (macros.isError) return null;
  return (
    <Menu position="top-start" withinPortal>
      <Menu.Target>
        <Button variant="default" size="compact-sm" loading={apply.isPending} data-testid="macro-menu">{t('composer.macros')}</Button>
      </Menu.Target>
      <Menu.Dropdown mah={300} style={{ overflowY: 'auto' }}>
        {list.length === 0 && <Text size="sm" c="dimmed" p="xs">{t('composer.noMacros')}</Text>}
        {list.map((m) => <Menu.Item key={m.id} onClick={() => apply.mutate(m.id)}>{m.name}</Menu.Item>)}
      </Menu.Dropdown>
    </Menu>
  );
}
