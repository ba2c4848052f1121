import { Alert, Button, Group, Paper, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, type Page } from '../../api';
import { useFormat } from '../../format';
import { BULK_MAX } from './queue-data';
import { ticketParams, type QueueTicket, type TicketSort, type ViewFilters } from './queue-query';

/** Every matching ticket id, page by page, stopping at the bulk limit. */
async function collectIds(filters: ViewFilters, sort: TicketSort): Promise<{ ids: number[]; capped: boolean }> {
  const params = ticketParams(filters, sort).toString();
  const ids: number[] = [];
  let cursor: string | null = '';
  while (cursor !== null && ids.length < BULK_MAX) {
    const page: Page<QueueTicket> = await getJson<Page<QueueTicket>>(`/tickets?${params}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    ids.push(...page.data.map((r) => r.id));
    cursor = page.nextCursor;
  }
  return { ids: ids.slice(0, BULK_MAX), capped: ids.length > BULK_MAX || (cursor !== null && ids.length >= BULK_MAX) };
}

type Props = {
  count: number;
  total: number | null;
  filters: ViewFilters;
  sort: TicketSort;
  onSelectIds: (ids: number[]) => void;
  onClear: () => void;
  onChange: () => void;
};

/** Shown while tickets are selected: select all matching the view, open the bulk change dialog, clear. */
export function BulkBar({ count, total, filters, sort, onSelectIds, onClear, onChange }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [collecting, setCollecting] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const selectAll = async () => {
    setCollecting(true);
    setNote(null);
    try {
      const { ids, capped } = await collectIds(filters, sort);
      onSelectIds(ids);
      if (capped) setNote(t('queue.bulk.capped', { max: fmt.number(BULK_MAX), total: total !== null ? fmt.number(total) : t('queue.bulk.many') }));
    } catch (err) {
      setNote(t('queue.bulk.collectFailed', { message: (err as Error).message }));
    } finally {
      setCollecting(false);
    }
  };
  if (count === 0) return null;
  return (
    <Paper withBorder p="xs" data-testid="bulk-bar">
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600} data-testid="bulk-count">{t('queue.bulk.selected', { count, n: fmt.number(count) })}</Text>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => void selectAll()} loading={collecting} data-testid="bulk-select-all">
            {total !== null ? t('queue.bulk.selectAllN', { n: fmt.number(Math.min(total, BULK_MAX)) }) : t('queue.bulk.selectAll')}
          </Button>
          <Button size="xs" color="blue.8" onClick={onChange} data-testid="bulk-change">{t('queue.bulk.change')}</Button>
          <Button size="xs" variant="subtle" color="blue.9" c="blue.9" onClick={() => { setNote(null); onClear(); }}>{t('queue.bulk.clear')}</Button>
        </Group>
      </Group>
      {note && <Alert mt="xs" color="yellow" variant="light" data-testid="bulk-note">{note}</Alert>}
    </Paper>
  );
}
