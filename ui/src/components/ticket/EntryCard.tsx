import { Badge, Card, Checkbox, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format';
import { Attachments } from './Attachments';
import { AuthorName } from './AuthorName';
import { DeliveryBadge } from './DeliveryBadge';
import { SafeHtml } from './SafeHtml';
import type { EntryView } from './types';

function NoteIcon() {
  return (
    <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <rect x="5" y="11" width="14" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </svg>
  );
}

type Props = { entry: EntryView; selectable: boolean; selected: boolean; onSelect: (id: number, on: boolean) => void };

/** One conversation entry; internal notes stand out (yellow, labelled, lock icon), system events stay compact. */
export function EntryCard({ entry, selectable, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const select = selectable && entry.kind !== 'system_event' && (
    <Checkbox
      aria-label={t('ticket.split.selectEntry', { id: entry.id })}
      checked={selected}
      onChange={(e) => onSelect(entry.id, e.currentTarget.checked)}
      data-testid="entry-select"
    />
  );
  if (entry.kind === 'system_event') {
    return (
      <Group gap="xs" wrap="nowrap" data-testid="entry" data-kind={entry.kind} px="sm" c="gray.7">
        <Text size="xs" style={{ flex: 1 }}>{entry.bodyText}</Text>
        <Text size="xs">{fmt.dateTime(entry.createdAt)}</Text>
      </Group>
    );
  }
  const note = entry.kind === 'internal_note';
  return (
    <Card
      withBorder
      padding="sm"
      data-testid="entry"
      data-kind={entry.kind}
      data-entry-id={entry.id}
      bg={note ? 'yellow.1' : entry.kind === 'customer_message' ? 'white' : 'blue.0'}
      style={note ? { borderColor: 'var(--mantine-color-yellow-6)', borderStyle: 'dashed' } : undefined}
    >
      <Group justify="space-between" mb={6} gap="xs">
        <Group gap="xs">
          {select}
          <Text fw={600} size="sm"><AuthorName author={entry.author} /></Text>
          <Badge
            color={note ? 'yellow' : entry.kind === 'public_reply' ? 'blue' : 'gray'}
            variant={note ? 'filled' : 'light'}
            c={note ? 'dark' : undefined}
            leftSection={note ? <NoteIcon /> : undefined}
          >
            {t(`ticket.kinds.${entry.kind}`)}
          </Badge>
          {entry.delivery && <DeliveryBadge delivery={entry.delivery} />}
        </Group>
        <Text size="xs" c="gray.7">{fmt.dateTime(entry.createdAt)}</Text>
      </Group>
      <SafeHtml html={entry.bodyHtml ?? ''} />
      <Attachments items={entry.attachments} bodyHtml={entry.bodyHtml ?? ''} />
    </Card>
  );
}
