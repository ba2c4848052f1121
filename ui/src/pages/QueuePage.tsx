import { Alert, Box, Button, Collapse, Flex, Stack } from '@mantine/core';
import { useDisclosure, useMediaQuery, useSessionStorage } from '@mantine/hooks';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { BulkBar } from '../components/queue/BulkBar';
import { BulkModal } from '../components/queue/BulkModal';
import { FilterBar } from '../components/queue/FilterBar';
import { useQueueTickets, useTicketCount, useViewCounts, useViews } from '../components/queue/queue-data';
import { DEFAULT_STATE, cleanFilters, sameFilters, type QueueState, type SavedView } from '../components/queue/queue-query';
import { QueueGrid } from '../components/queue/QueueGrid';
import { QueueToolbar } from '../components/queue/QueueToolbar';
import { ShortcutHelp } from '../components/queue/ShortcutHelp';
import { useAssignToMe } from '../components/queue/useAssignToMe';
import { useQueueKeyboard } from '../components/queue/useQueueKeyboard';
import { useSelection } from '../components/queue/useSelection';
import { ViewEditorModal, type ViewEditing } from '../components/queue/ViewEditorModal';
import { ViewSidebar } from '../components/queue/ViewSidebar';
import { useViewMutations } from '../components/queue/view-mutations';
import { useCurrentWorker } from '../hooks/useCurrentWorker';
import { useLookups } from '../hooks/useLookups';

/**
 * The agent's queue: saved views with counts, filters, a virtualized keyset-paged ticket grid with keyboard
 * shortcuts and bulk changes. What is shown survives a visit to a ticket (session storage).
 */
export function QueuePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const compact = useMediaQuery('(max-width: 767px)', false, { getInitialValueInEffect: false });
  const { me, can } = useCurrentWorker();
  const lookups = useLookups();
  const [state, setState] = useSessionStorage<QueueState>({ key: 'lantern.queue', defaultValue: DEFAULT_STATE, getInitialValueInEffect: false });
  const views = useViews();
  const counts = useViewCounts();
  const allCount = useTicketCount({});
  const total = useTicketCount(state.filters);
  const tickets = useQueueTickets(state.filters, state.sort);
  const rows = useMemo(() => tickets.data?.pages.flatMap((p) => p.data) ?? [], [tickets.data]);
  const selection = useSelection(rows);
  const [activeId, setActiveId] = useState<number | null>(null);
  const [editing, setEditing] = useState<ViewEditing>(null);
  const [help, setHelp] = useState(false);
  const [bulkIds, setBulkIds] = useState<number[] | null>(null);
  const [filtersOpen, filtersToggle] = useDisclosure(false);
  const assign = useAssignToMe(me?.id ?? null);
  const { update } = useViewMutations();

  const viewList = views.data ?? [];
  const currentView = state.viewId === 'all' ? null : viewList.find((v) => v.id === state.viewId) ?? null;
  const canEdit = (v: SavedView) => v.scope === 'personal' || can('settings:write');
  const modified = currentView
    ? !sameFilters(currentView.filters, state.filters) || currentView.sort !== state.sort
    : Object.keys(cleanFilters(state.filters)).length > 0;

  const show = (next: QueueState) => {
    setState(next);
    selection.clear();
    setActiveId(null);
  };
  const selectView = (v: SavedView | 'all') => show(v === 'all' ? DEFAULT_STATE : { viewId: v.id, filters: v.filters, sort: v.sort });

  const active = rows.find((r) => r.id === activeId) ?? null;
  // From the previous selection, not the rendered one: two quick presses before a re-render must move twice.
  const move = useCallback((delta: 1 | -1) => {
    setActiveId((current) => {
      const index = rows.findIndex((r) => r.id === current);
      const next = rows[index < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, index + delta))];
      return next ? next.id : current;
    });
  }, [rows]);

  useQueueKeyboard({
    move,
    open: () => active && navigate(`/tickets/${active.id}`),
    toggle: () => active && selection.toggle(active.id, rows.indexOf(active), false),
    assignToMe: () => active && assign.mutate(active),
    reply: () => active && navigate(`/tickets/${active.id}?reply=1`),
    help: () => setHelp(true),
  }, !help && editing === null && bulkIds === null);

  const { fetchNextPage } = tickets;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const sidebar = (
    <ViewSidebar
      views={viewList}
      counts={counts.data}
      allCount={allCount.data}
      current={state.viewId}
      compact={compact}
      canEdit={canEdit}
      onSelect={selectView}
      onEdit={(view) => setEditing({ mode: 'rename', view })}
      onDelete={(view) => setEditing({ mode: 'delete', view })}
    />
  );
  const filterBar = (
    <FilterBar
      filters={state.filters}
      sort={state.sort}
      onFilters={(filters) => show({ ...state, filters })}
      onSort={(sort) => show({ ...state, sort })}
    />
  );

  return (
    <Stack gap="sm" h="calc(100dvh - 56px - 2 * var(--mantine-spacing-md))" mih={compact ? 560 : 480}>
      <QueueToolbar
        total={total.data ?? null}
        modified={modified}
        canUpdate={!!currentView && canEdit(currentView)}
        updating={update.isPending}
        onSaveAs={() => setEditing({ mode: 'create' })}
        onUpdate={() => currentView && update.mutate({ id: currentView.id, filters: state.filters, sort: state.sort })}
        onHelp={() => setHelp(true)}
      />
      <Flex gap="md" style={{ flex: 1, minHeight: 0 }}>
        {!compact && <Box w={230} style={{ flexShrink: 0, overflowY: 'auto' }}>{sidebar}</Box>}
        <Stack gap="xs" style={{ flex: 1, minWidth: 0, minHeight: 0 }}>
          {compact && sidebar}
          {compact ? (
            <>
              <Button size="xs" variant="default" onClick={filtersToggle.toggle} aria-expanded={filtersOpen} data-testid="filters-toggle">
                {filtersOpen ? t('queue.filters.hide') : t('queue.filters.show')}
              </Button>
              <Collapse in={filtersOpen}>{filterBar}</Collapse>
            </>
          ) : filterBar}
          <BulkBar
            count={selection.selected.size}
            total={total.data ?? null}
            filters={state.filters}
            sort={state.sort}
            onSelectIds={selection.replace}
            onClear={selection.clear}
            onChange={() => setBulkIds([...selection.selected])}
          />
          {tickets.error && <Alert color="red" role="alert">{t('queue.error', { message: tickets.error.message })}</Alert>}
          {update.error && <Alert color="red" role="alert">{t('queue.views.saveFailed', { message: update.error.message })}</Alert>}
          {assign.error && <Alert color="red" role="alert" data-testid="queue-feedback" withCloseButton onClose={() => assign.reset()}>{t('queue.assignFailed', { message: assign.error.message })}</Alert>}
          {assign.isSuccess && <Alert color="green" role="status" data-testid="queue-feedback" withCloseButton onClose={() => assign.reset()}>{t('queue.assigned', { number: assign.data.number })}</Alert>}
          <QueueGrid
            rows={rows}
            total={total.data ?? null}
            loading={tickets.isPending}
            hasMore={!!tickets.hasNextPage}
            loadingMore={tickets.isFetchingNextPage}
            loadMore={loadMore}
            activeId={activeId}
            selected={selection.selected}
            assigneeName={lookups.workerName}
            onActivate={setActiveId}
            onToggle={selection.toggle}
          />
        </Stack>
      </Flex>
      <ViewEditorModal
        editing={editing}
        state={state}
        canShare={can('settings:write')}
        onClose={() => setEditing(null)}
        onSaved={(v) => {
          if (editing?.mode === 'create' && v) setState({ viewId: v.id, filters: v.filters, sort: v.sort });
          if (editing?.mode === 'delete' && editing.view.id === state.viewId) show(DEFAULT_STATE);
          setEditing(null);
        }}
      />
      <ShortcutHelp opened={help} onClose={() => setHelp(false)} />
      <BulkModal
        opened={bulkIds !== null}
        ids={bulkIds ?? []}
        numberOf={(id) => rows.find((r) => r.id === id)?.number}
        meId={me?.id ?? null}
        onClose={() => setBulkIds(null)}
        onDone={selection.clear}
      />
    </Stack>
  );
}
