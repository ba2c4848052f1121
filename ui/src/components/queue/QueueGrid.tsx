import { Loader, Text, VisuallyHidden } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { columnsFor, gridTemplate, ROW_HEIGHT } from './columns';
import type { QueueTicket } from './queue-query';
import { QueueRow } from './QueueRow';
import classes from './queue.module.css';

/** Start loading the next page this many rows before the end. */
const PREFETCH_ROWS = 40;

type Props = {
  rows: QueueTicket[];
  total: number | null;
  loading: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  activeId: number | null;
  selected: ReadonlySet<number>;
  assigneeName: (id: number | null) => string | null;
  onActivate: (id: number) => void;
  onToggle: (id: number, index: number, shift: boolean) => void;
};

/**
 * The queue as an ARIA grid with virtualized rows of fixed height: only the rows on screen exist in the DOM, so
 * a 10,000-ticket view scrolls smoothly; scrolling near the end loads the next keyset page.
 */
export function QueueGrid(props: Props) {
  const { t } = useTranslation();
  const { rows, activeId } = props;
  const { ref: sizeRef, width } = useElementSize();
  const columns = columnsFor(width || 1200);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => rows[i]?.id ?? i,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  const { hasMore, loadingMore, loadMore } = props;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) loadMore();
  }, [lastIndex, rows.length, hasMore, loadingMore, loadMore]);

  // Live updates insert rows above the ones being read: keep the top visible ticket where it was.
  const previousIds = useRef<number[]>([]);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const before = previousIds.current;
    previousIds.current = rows.map((r) => r.id);
    if (!el || el.scrollTop === 0 || before.length === 0) return;
    const topIndex = Math.floor(el.scrollTop / ROW_HEIGHT);
    const anchor = before[topIndex];
    if (anchor === undefined || rows[topIndex]?.id === anchor) return;
    const moved = rows.findIndex((r) => r.id === anchor);
    if (moved >= 0) el.scrollTop += (moved - topIndex) * ROW_HEIGHT;
  }, [rows]);

  // Keyboard moves keep the active row on screen (only when it changes: live refreshes must not scroll).
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  useEffect(() => {
    if (activeId === null) return;
    const index = rowsRef.current.findIndex((r) => r.id === activeId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [activeId, virtualizer]);

  const header = columns.map((c) => (
    <div key={c} role="columnheader" className={classes.cell}>
      {c === 'select' ? <VisuallyHidden>{t('queue.columns.select')}</VisuallyHidden> : t(`queue.columns.${c}`)}
    </div>
  ));

  return (
    <div ref={sizeRef} className={classes.grid}>
    <div
      role="grid"
      aria-label={t('queue.gridLabel')}
      aria-rowcount={props.total !== null ? props.total + 1 : -1}
      aria-multiselectable
      aria-activedescendant={activeId !== null && rows.some((r) => r.id === activeId) ? `queue-row-${activeId}` : undefined}
      tabIndex={0}
      className={classes.gridInner}
      data-testid="queue-table"
      data-loaded={rows.length}
      data-first-id={rows[0]?.id}
      data-more={props.hasMore || undefined}
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={classes.header} style={{ gridTemplateColumns: gridTemplate(columns) }}>{header}</div>
      </div>
      <div role="rowgroup" ref={scrollRef} className={classes.body} data-testid="queue-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const ticket = rows[item.index];
            if (!ticket) return null;
            return (
              <QueueRow
                key={ticket.id}
                ticket={ticket}
                index={item.index}
                top={item.start}
                columns={columns}
                active={ticket.id === activeId}
                selected={props.selected.has(ticket.id)}
                assigneeName={props.assigneeName(ticket.assigneeId)}
                onActivate={props.onActivate}
                onToggle={props.onToggle}
              />
            );
          })}
        </div>
        {(props.loading || rows.length === 0) && (
          <div role="row" className={classes.message}>
            <div role="gridcell">
              {props.loading
                ? <Loader size="sm" aria-label={t('queue.loading')} />
                : <Text c="gray.7" data-testid="queue-empty">{t('queue.empty')}</Text>}
            </div>
          </div>
        )}
      </div>
    </div>
      <Text size="xs" c="gray.7" px="sm" py={2} role="status" data-testid="queue-loading-more" className={classes.footer}>
        {loadingMore ? t('queue.loadingMore') : ''}
      </Text>
    </div>
  );
}
