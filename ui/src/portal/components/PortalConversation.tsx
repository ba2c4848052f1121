import { Card, Group, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format';
import { Attachments } from '../../components/ticket/Attachments';
import { SafeHtml } from '../../components/ticket/SafeHtml';
import { portalApi, type PortalEntry } from '../portal-api';
import { PortalAlert } from './PortalAlert';

/** Every public entry, oldest first (the API never sends internal notes to customers). */
async function allEntries(id: number): Promise<PortalEntry[]> {
  const out: PortalEntry[] = [];
  let cursor: string | null = null;
  do {
    const page = await portalApi.entries(id, cursor);
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export const entriesKey = (id: number) => ['ticket', id, 'entries'] as const;

function Author({ entry, meId }: { entry: PortalEntry; meId: number }) {
  const { t } = useTranslation();
  const { type, id } = entry.author;
  if (type === 'customer') return <>{id === meId ? t('portal.ticket.you') : t('portal.ticket.colleague')}</>;
  if (type === 'bot') return <>{t('portal.ticket.assistant')}</>;
  return <>{t('portal.ticket.support')}</>;
}

/** The public conversation of one ticket; refreshed live through the ['ticket', id] key. */
export function PortalConversation({ ticketId, meId }: { ticketId: number; meId: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const entries = useQuery({ queryKey: entriesKey(ticketId), queryFn: () => allEntries(ticketId) });
  if (entries.isPending) return <Loader aria-label={t('portal.common.loading')} />;
  if (entries.error) return <PortalAlert error={entries.error} />;
  if (!entries.data.length) return <Text c="gray.8">{t('portal.ticket.empty')}</Text>;
  return (
    <Stack gap="sm" data-testid="conversation">
      {entries.data.map((entry) => {
        if (entry.kind === 'system_event') {
          return <Text key={entry.id} size="xs" c="gray.8" ta="center" data-testid="entry" data-kind={entry.kind}>{entry.bodyText} · {fmt.dateTime(entry.createdAt)}</Text>;
        }
        const mine = entry.kind === 'customer_message';
        return (
          <Card key={entry.id} withBorder padding="sm" bg={mine ? 'white' : 'blue.0'} data-testid="entry" data-kind={entry.kind}
            style={{ marginInlineStart: mine ? 'auto' : 0, maxWidth: 'min(100%, 680px)', width: '100%' }}>
            <Group justify="space-between" gap="xs" mb={4}>
              <Text fw={600} size="sm"><Author entry={entry} meId={meId} /></Text>
              <Text size="xs" c="gray.8">{fmt.dateTime(entry.createdAt)}</Text>
            </Group>
            {entry.bodyHtml ? <SafeHtml html={entry.bodyHtml} /> : <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{entry.bodyText}</Text>}
            <Attachments items={entry.attachments ?? []} bodyHtml={entry.bodyHtml ?? ''} />
          </Card>
        );
      })}
    </Stack>
  );
}
