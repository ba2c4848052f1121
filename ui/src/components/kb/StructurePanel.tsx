import { ActionIcon, Alert, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { DeleteButton } from '../admin/DeleteButton';
import { guard, useKbCategories, useKbSections } from './kb-api';
import { nameIn, type KbCategory, type KbSection } from './kb-types';
import { NamesModal } from './NamesModal';

type Editing = { kind: 'category' | 'section'; row: KbCategory | KbSection | null; categoryId?: number };

/** Categories and their sections: create, rename per language, order (↑/↓ rewrites positions), delete. */
export function StructurePanel() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const categories = useKbCategories();
  const sections = useKbSections();
  const [editing, setEditing] = useState<Editing | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['kb'] });
  const reorder = useMutation({
    mutationFn: async ({ path, rows, from, to }: { path: string; rows: KbCategory[]; from: number; to: number }) => {
      const order = [...rows];
      const [moved] = order.splice(from, 1);
      order.splice(to, 0, moved!);
      // Positions become the list index; only rows whose position changes are written.
      for (const [i, row] of order.entries()) {
        if (row.position !== i) await api(`${path}/${row.id}`, { method: 'PATCH', body: { position: i, ...guard(row.version) } });
      }
    },
    onSettled: refresh,
  });
  const explain = (kind: 'category' | 'section') => (err: Error) =>
    err instanceof ApiError && err.status === 409 ? t(`kb.structure.${kind}InUse`) : err.message;
  const lang = i18n.language;

  const row = (kind: 'category' | 'section', r: KbCategory, list: KbCategory[], i: number) => {
    const path = kind === 'category' ? '/kb/categories' : '/kb/sections';
    const name = nameIn(r.translations, lang);
    return (
      <Group justify="space-between" wrap="nowrap" gap="xs" data-testid={`kb-${kind}-row`}>
        <Text fw={kind === 'category' ? 700 : 400} truncate>{name}</Text>
        <Group gap={4} wrap="nowrap">
          <ActionIcon variant="subtle" color="dark" disabled={i === 0 || reorder.isPending} aria-label={t('kb.structure.up', { name })}
            onClick={() => reorder.mutate({ path, rows: list, from: i, to: i - 1 })}>↑</ActionIcon>
          <ActionIcon variant="subtle" color="dark" disabled={i === list.length - 1 || reorder.isPending} aria-label={t('kb.structure.down', { name })}
            onClick={() => reorder.mutate({ path, rows: list, from: i, to: i + 1 })}>↓</ActionIcon>
          <Button size="xs" variant="light" onClick={() => setEditing({ kind, row: r })} aria-label={t('kb.structure.renameNamed', { name })}>{t('kb.structure.rename')}</Button>
          <DeleteButton path={`${path}/${r.id}`} name={name} onDeleted={refresh} explain={explain(kind)} />
        </Group>
      </Group>
    );
  };

  if (categories.isPending || sections.isPending) return <Loader aria-label={t('admin.common.loading')} />;
  const error = categories.error ?? sections.error;
  const cats = categories.data ?? [];
  return (
    <Stack data-testid="kb-structure">
      <Group justify="space-between">
        <Title order={3}>{t('kb.structure.title')}</Title>
        <Button onClick={() => setEditing({ kind: 'category', row: null })} data-testid="kb-new-category">{t('kb.structure.newCategory')}</Button>
      </Group>
      <Text c="gray.7" size="sm">{t('kb.structure.intro')}</Text>
      {error && <Alert color="red" role="alert">{error.message}</Alert>}
      {reorder.error && <Alert color="red" role="alert">{reorder.error.message}</Alert>}
      {cats.length === 0 && <Text c="gray.7" data-testid="kb-structure-empty">{t('kb.structure.empty')}</Text>}
      {cats.map((c, i) => {
        const own = (sections.data ?? []).filter((s) => s.categoryId === c.id);
        return (
          <Paper key={c.id} withBorder p="sm">
            <Stack gap="xs">
              {row('category', c, cats, i)}
              <Stack gap={4} pl="md">
                {own.length === 0 && <Text size="sm" c="gray.7">{t('kb.structure.noSections')}</Text>}
                {own.map((s, j) => <div key={s.id}>{row('section', s, own, j)}</div>)}
                <Group>
                  <Button size="xs" variant="subtle" onClick={() => setEditing({ kind: 'section', row: null, categoryId: c.id })}
                    data-testid="kb-new-section">{t('kb.structure.newSection')}</Button>
                </Group>
              </Stack>
            </Stack>
          </Paper>
        );
      })}
      {editing && (
        <NamesModal
          title={editing.row ? nameIn(editing.row.translations, lang) : t(editing.kind === 'category' ? 'kb.structure.newCategory' : 'kb.structure.newSection')}
          initial={editing.row}
          submit={(v) => {
            const path = editing.kind === 'category' ? '/kb/categories' : '/kb/sections';
            if (editing.row) return api(`${path}/${editing.row.id}`, { method: 'PATCH', body: { ...v, ...guard(editing.row.version) } });
            const siblings = editing.kind === 'category' ? cats : (sections.data ?? []).filter((s) => s.categoryId === editing.categoryId);
            const position = siblings.length ? Math.max(...siblings.map((s) => s.position)) + 1 : 0;
            return api(path, { method: 'POST', body: { ...v, position, ...(editing.kind === 'section' && { categoryId: editing.categoryId }) } });
          }}
          onDone={() => { setEditing(null); void refresh(); }}
          onClose={() => setEditing(null)}
          onReload={() => { setEditing(null); void refresh(); }}
        />
      )}
    </Stack>
  );
}
