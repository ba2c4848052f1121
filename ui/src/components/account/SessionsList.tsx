import { Badge, Button, Loader, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, getJson } from '../../api';
import { useFormat } from '../../format';
import { ProblemAlert } from '../admin/ProblemAlert';

type Session = { id: number; ip: string | null; userAgent: string | null; createdAt: string; lastSeenAt: string; expiresAt: string };

/** My active sessions; revoke any (revoking this one signs me out). */
export function SessionsList({ currentExpiresAt }: { currentExpiresAt?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const client = useQueryClient();
  const sessions = useQuery({ queryKey: ['account', 'sessions'], queryFn: () => getJson<{ data: Session[] }>('/auth/sessions') });
  const revoke = useMutation({
    mutationFn: (id: number) => api(`/auth/sessions/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['account', 'sessions'] }),
  });
  // The API does not mark the current session; it is the one expiring when GET /me says mine does.
  const isCurrent = (s: Session) => currentExpiresAt !== undefined && s.expiresAt === currentExpiresAt;
  return (
    <Stack data-testid="sessions">
      <Title order={3}>{t('account.sessions.title')}</Title>
      <ProblemAlert error={revoke.error} />
      {sessions.isPending ? <Loader aria-label={t('admin.common.loading')} /> : sessions.error ? <ProblemAlert error={sessions.error} /> : (
        <ScrollArea type="auto">
          <Table miw={520}>
            <Table.Thead><Table.Tr><Table.Th>{t('account.sessions.device')}</Table.Th><Table.Th>{t('account.sessions.lastSeen')}</Table.Th><Table.Th>{t('account.sessions.expires')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {sessions.data.data.map((s) => (
                <Table.Tr key={s.id} data-testid="session-row">
                  <Table.Td>
                    <Text size="sm" lineClamp={1}>{s.userAgent ?? t('account.sessions.unknown')}</Text>
                    <Text size="xs" c="gray.7">{s.ip ?? ''} {isCurrent(s) && <Badge size="xs" ml="xs">{t('account.sessions.current')}</Badge>}</Text>
                  </Table.Td>
                  <Table.Td>{fmt.dateTime(s.lastSeenAt)}</Table.Td>
                  <Table.Td>{fmt.dateTime(s.expiresAt)}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(s.id)} loading={revoke.isPending && revoke.variables === s.id}>
                      {isCurrent(s) ? t('account.sessions.signOutHere') : t('account.sessions.revoke')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}
