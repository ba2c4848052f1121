import { Button, Chip, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatusCategory } from '../../api';
import { useLookups } from '../../hooks/useLookups';
import { useSettings } from '../Badges';
import { CHANNELS, cleanFilters, isQuickOn, QUICK_FILTERS, SLA_FILTERS, SORTS, toggleQuick, type QuickFilter, type SlaFilter, type TicketSort, type ViewFilters } from './queue-query';

const CATEGORIES: StatusCategory[] = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];

type Props = { filters: ViewFilters; sort: TicketSort; onFilters: (f: ViewFilters) => void; onSort: (s: TicketSort) => void };

/** Every list filter of GET /tickets, quick filters and the sort. Status and category share one picker. */
export function FilterBar({ filters, sort, onFilters, onSort }: Props) {
  const { t } = useTranslation();
  const { statuses, priorities } = useSettings();
  const { workers, teams, tags } = useLookups();
  const set = (patch: Partial<ViewFilters>) => onFilters(cleanFilters({ ...filters, ...patch }));

  // Free text is sent after a pause in typing, not per key.
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const sendQ = useDebouncedCallback((value: string) => set({ q: value.trim() || undefined }), 350);

  const statusValue = [...(filters.statusCategory ?? []).map((c) => `c:${c}`), ...(filters.status ?? []).map((s) => `s:${s}`)];
  const statusData = [
    { group: t('queue.filters.categories'), items: CATEGORIES.map((c) => ({ value: `c:${c}`, label: t(`categories.${c}`) })) },
    { group: t('queue.filters.statuses'), items: statuses.map((s) => ({ value: `s:${s.id}`, label: s.name })) },
  ];
  const onStatus = (values: string[]) => set({
    statusCategory: values.filter((v) => v.startsWith('c:')).map((v) => v.slice(2) as StatusCategory),
    status: values.filter((v) => v.startsWith('s:')).map((v) => Number(v.slice(2))),
  });
  const assigneeData = [
    { value: 'me', label: t('queue.filters.me') },
    { value: 'none', label: t('queue.filters.nobody') },
    ...workers.map((w) => ({ value: String(w.id), label: w.name })),
  ];
  const teamData = [{ value: 'none', label: t('queue.filters.noTeam') }, ...teams.map((tm) => ({ value: String(tm.id), label: tm.name }))];
  const toAssignee = (v: string | null): ViewFilters['assignee'] => (v === null ? undefined : v === 'me' || v === 'none' ? v : Number(v));
  const toTeam = (v: string | null): ViewFilters['team'] => (v === null ? undefined : v === 'none' ? v : Number(v));
  const any = Object.keys(cleanFilters(filters)).length > 0;

  return (
    <Group gap="xs" align="flex-end" data-testid="queue-filters" wrap="wrap">
      <TextInput
        aria-label={t('queue.filters.search')}
        placeholder={t('queue.filters.search')}
        value={q}
        onChange={(e) => { setQ(e.currentTarget.value); sendQ(e.currentTarget.value); }}
        w={180}
        size="xs"
        data-testid="filter-q"
      />
      <MultiSelect aria-label={t('queue.filters.status')} placeholder={statusValue.length ? undefined : t('queue.filters.status')} data={statusData} value={statusValue} onChange={onStatus} w={180} size="xs" clearable data-testid="filter-status" comboboxProps={{ withinPortal: true }} />
      <MultiSelect aria-label={t('queue.filters.priority')} placeholder={filters.priority?.length ? undefined : t('queue.filters.priority')} data={priorities.map((p) => ({ value: String(p.id), label: p.name }))} value={(filters.priority ?? []).map(String)} onChange={(v) => set({ priority: v.map(Number) })} w={150} size="xs" clearable data-testid="filter-priority" />
      <Select aria-label={t('queue.filters.assignee')} placeholder={t('queue.filters.assignee')} data={assigneeData} value={filters.assignee === undefined ? null : String(filters.assignee)} onChange={(v) => set({ assignee: toAssignee(v) })} w={150} size="xs" clearable searchable data-testid="filter-assignee" />
      <Select aria-label={t('queue.filters.team')} placeholder={t('queue.filters.team')} data={teamData} value={filters.team === undefined ? null : String(filters.team)} onChange={(v) => set({ team: toTeam(v) })} w={130} size="xs" clearable searchable data-testid="filter-team" />
      <MultiSelect aria-label={t('queue.filters.tag')} placeholder={filters.tag?.length ? undefined : t('queue.filters.tag')} data={[...new Set([...tags.map((tg) => tg.name), ...(filters.tag ?? [])])]} value={filters.tag ?? []} onChange={(v) => set({ tag: v })} w={140} size="xs" clearable searchable data-testid="filter-tag" />
      <Select aria-label={t('queue.filters.channel')} placeholder={t('queue.filters.channel')} data={CHANNELS.map((c) => ({ value: c, label: t(`queue.channels.${c}`) }))} value={filters.channel ?? null} onChange={(v) => set({ channel: v ?? undefined })} w={120} size="xs" clearable data-testid="filter-channel" />
      <Select aria-label={t('queue.filters.sla')} placeholder={t('queue.filters.sla')} data={SLA_FILTERS.map((s) => ({ value: s, label: t(`queue.slaFilter.${s}`) }))} value={filters.sla ?? null} onChange={(v) => set({ sla: (v ?? undefined) as SlaFilter | undefined })} w={130} size="xs" clearable data-testid="filter-sla" />
      <Select aria-label={t('queue.sort.label')} data={SORTS.map((s) => ({ value: s, label: t(`queue.sort.${s}`) }))} value={sort} onChange={(v) => v && onSort(v as TicketSort)} allowDeselect={false} w={190} size="xs" data-testid="queue-sort" />
      <Group gap={6} role="group" aria-label={t('queue.quick.label')}>
        {(Object.keys(QUICK_FILTERS) as QuickFilter[]).map((qf) => (
          <Chip color="blue.8" key={qf} size="xs" checked={isQuickOn(filters, qf)} onChange={() => onFilters(toggleQuick(filters, qf))} wrapperProps={{ 'data-testid': `quick-${qf}` }}>
            {t(`queue.quick.${qf}`)}
          </Chip>
        ))}
      </Group>
      {any && <Button size="xs" variant="subtle" color="blue.9" c="blue.9" onClick={() => onFilters({})} data-testid="filters-clear">{t('queue.filters.clear')}</Button>}
    </Group>
  );
}
