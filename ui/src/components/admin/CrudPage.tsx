import { Alert, Button, Drawer, Group, Loader, ScrollArea, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { bodyOf, CrudForm } from './CrudForm';
import type { Column, FieldSpec, FormValues } from './crud-types';
import { DeleteButton } from './DeleteButton';
import { useAdminList } from './use-admin-list';
import { contrast } from './contrast';

export type CrudConfig<T extends { id: number }> = {
  /** API collection path, e.g. `/statuses`. */
  path: string;
  query?: string;
  /** The API returns the whole list at once (no limit/cursor). */
  unpaged?: boolean;
  title: string;
  intro?: string;
  testId: string;
  columns: Column<T>[];
  fields: FieldSpec[];
  rowName: (row: T) => string;
  /** Form values of an existing row (default: the fields' names picked from it). */
  toForm?: (row: T) => FormValues;
  defaults?: FormValues;
  /** Fixed values sent with every create (e.g. `scope: 'shared'`). */
  createExtras?: FormValues;
  /** Show only some rows of the list (e.g. shared views). */
  filter?: (row: T) => boolean;
  /** Send `version` with edits (optimistic concurrency). */
  versioned?: boolean;
  editable?: boolean;
  deletable?: boolean | ((row: T) => boolean);
  /** "Revoke" instead of "Delete" (the API's DELETE may not really delete). */
  deleteLabel?: string;
  /** Extra buttons on each row (members, deliveries…). */
  rowActions?: (row: T) => ReactNode;
  /** Something to show after a create (a secret shown once). */
  onCreated?: (created: T) => void;
  toolbar?: ReactNode;
  children?: ReactNode;
  /** Rendered in the drawer under the form with its unsaved values (e.g. a preview of the draft). */
  formExtra?: (values: FormValues, editing: T | 'new') => ReactNode;
};

/** The reusable admin screen: a table of rows and a drawer form to create or edit one, driven by a CrudConfig. */
export function CrudPage<T extends { id: number }>(cfg: CrudConfig<T>) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const narrow = useMediaQuery('(max-width: 48em)');
  const list = useAdminList<T>(cfg.path, cfg.query, cfg.unpaged ? 0 : 100);
  const rows = cfg.filter ? list.rows.filter(cfg.filter) : list.rows;
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['admin', cfg.path] });
  const pick = (row: T): FormValues => cfg.toForm?.(row) ?? Object.fromEntries(cfg.fields.map((f) => [f.name, (row as Record<string, unknown>)[f.name]]));
  const initial: FormValues = editing === 'new' || editing === null ? { ...cfg.defaults } : pick(editing);
  const mode = editing === 'new' ? 'create' : 'edit';
  const submit = async (values: FormValues) => {
    if (editing === 'new') return (await api<T>(cfg.path, { method: 'POST', body: { ...cfg.createExtras, ...bodyOf(cfg.fields, values, 'create', initial) } })).body;
    const row = editing as T & { version?: number };
    const body = { ...bodyOf(cfg.fields, values, 'edit', initial), ...(cfg.versioned && { version: row.version }) };
    return (await api<T>(`${cfg.path}/${row.id}`, { method: 'PATCH', body })).body;
  };
  const done = (result: unknown) => {
    if (editing === 'new') cfg.onCreated?.(result as T);
    setEditing(null);
    void refresh();
  };
  const canDelete = (row: T) => (typeof cfg.deletable === 'function' ? cfg.deletable(row) : cfg.deletable !== false);
  return (
    <Stack data-testid={cfg.testId}>
      <Group justify="space-between">
        <Title order={2}>{cfg.title}</Title>
        <Group>
          {cfg.toolbar}
          <Button onClick={() => setEditing('new')} data-testid="crud-new">{t('admin.common.new')}</Button>
        </Group>
      </Group>
      {cfg.intro && <Text c="gray.7">{cfg.intro}</Text>}
      {list.error && <Alert color="red" role="alert">{list.error.message}</Alert>}
      {list.isPending ? <Loader aria-label={t('admin.common.loading')} /> : rows.length === 0 ? (
        <Text c="gray.7" data-testid="crud-empty">{t('admin.common.empty')}</Text>
      ) : (
        <ScrollArea type="auto">
          <Table striped highlightOnHover miw={600}>
            <Table.Thead>
              <Table.Tr>
                {cfg.columns.map((c) => <Table.Th key={c.key}>{c.label}</Table.Th>)}
                <Table.Th><VisuallyHidden>{t('admin.common.actions')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.id} data-testid="crud-row">
                  {cfg.columns.map((c) => <Table.Td key={c.key}>{c.render(row)}</Table.Td>)}
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" justify="flex-end">
                      {cfg.rowActions?.(row)}
                      {cfg.editable !== false && (
                        <Button size="xs" variant="light" onClick={() => setEditing(row)} aria-label={t('admin.common.editNamed', { name: cfg.rowName(row) })}>
                          {t('admin.common.edit')}
                        </Button>
                      )}
                      {canDelete(row) && <DeleteButton path={`${cfg.path}/${row.id}`} name={cfg.rowName(row)} onDeleted={refresh} label={cfg.deleteLabel} />}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {list.hasNextPage && <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('admin.common.more')}</Button>}
      {cfg.children}
      <Drawer className={contrast} opened={editing !== null} onClose={() => setEditing(null)} position="right" size={narrow ? '100%' : 'lg'}
        title={editing === 'new' ? t('admin.common.createTitle', { what: cfg.title }) : editing ? cfg.rowName(editing) : ''}>
        {editing !== null && (
          <CrudForm key={editing === 'new' ? 'new' : editing.id} fields={cfg.fields} initial={initial} mode={mode} submit={submit} onDone={done}
            onReload={() => { setEditing(null); void refresh(); }} below={cfg.formExtra && ((v) => cfg.formExtra!(v, editing))} />
        )}
      </Drawer>
    </Stack>
  );
}
