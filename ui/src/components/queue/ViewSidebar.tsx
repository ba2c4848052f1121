import { ActionIcon, Badge, Group, Menu, NavLink, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format';
import type { SavedView, ViewCount } from './queue-query';
import classes from './queue.module.css';

type Props = {
  views: SavedView[];
  counts: Map<number, ViewCount> | undefined;
  allCount: number | null | undefined;
  current: number | 'all';
  compact: boolean;
  canEdit: (v: SavedView) => boolean;
  onSelect: (v: SavedView | 'all') => void;
  onEdit: (v: SavedView) => void;
  onDelete: (v: SavedView) => void;
};

/** Saved views with their ticket counts: a sidebar on wide screens, a select on phones. */
export function ViewSidebar({ views, counts, allCount, current, compact, canEdit, onSelect, onEdit, onDelete }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const countOf = (v: SavedView) => {
    const c = counts?.get(v.id);
    return c ? `${fmt.number(c.count)}${c.capped ? '+' : ''}` : null;
  };
  const allLabel = t('queue.views.all');

  if (compact) {
    const data = [
      { value: 'all', label: allCount != null ? `${allLabel} (${fmt.number(allCount)})` : allLabel },
      ...views.map((v) => ({ value: String(v.id), label: countOf(v) ? `${v.name} (${countOf(v)})` : v.name })),
    ];
    return (
      <Select
        aria-label={t('queue.views.title')}
        data={data}
        value={String(current)}
        allowDeselect={false}
        onChange={(v) => onSelect(v === 'all' || v === null ? 'all' : views.find((x) => String(x.id) === v) ?? 'all')}
        data-testid="view-select"
        comboboxProps={{ withinPortal: true }}
      />
    );
  }

  return (
    <Stack gap={2} component="nav" aria-label={t('queue.views.title')} data-testid="view-sidebar">
      <Text size="xs" fw={700} c="gray.7" tt="uppercase" px="xs" pb={4}>{t('queue.views.title')}</Text>
      <NavLink
        className={classes.nav}
        component="button"
        label={allLabel}
        active={current === 'all'}
        onClick={() => onSelect('all')}
        rightSection={allCount != null && <Badge size="sm" variant="default">{fmt.number(allCount)}</Badge>}
        data-testid="view-all"
        aria-current={current === 'all' ? 'page' : undefined}
      />
      {views.map((v) => (
        <Group key={v.id} gap={0} wrap="nowrap">
          <NavLink
        className={classes.nav}
            component="button"
            label={v.name}
            description={<Text span size="xs" c="gray.7">{v.scope === 'shared' ? t('queue.views.shared') : t('queue.views.personal')}</Text>}
            active={current === v.id}
            onClick={() => onSelect(v)}
            rightSection={countOf(v) && <Badge size="sm" variant="default" data-testid="view-count">{countOf(v)}</Badge>}
            data-testid="view-item"
            data-view-id={v.id}
            aria-current={current === v.id ? 'page' : undefined}
            style={{ flex: 1, minWidth: 0 }}
          />
          {canEdit(v) && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray.8" size="sm" aria-label={t('queue.views.actions', { name: v.name })}>⋯</ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => onEdit(v)}>{t('queue.views.rename')}</Menu.Item>
                <Menu.Item color="red.9" onClick={() => onDelete(v)}>{t('queue.views.delete')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      ))}
    </Stack>
  );
}
