import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import type { QueueState, SavedView } from './queue-query';
import { useViewMutations } from './view-mutations';

export type ViewEditing = { mode: 'create' } | { mode: 'rename'; view: SavedView } | { mode: 'delete'; view: SavedView } | null;

type Props = { editing: ViewEditing; state: QueueState; canShare: boolean; onClose: () => void; onSaved: (v: SavedView | null) => void };

/** Field errors of a problem document, by field path (name, scope, filters.*). */
function fieldError(err: unknown, path: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  return err.problem.errors?.filter((e) => e.path === path || e.path.startsWith(`${path}.`)).map((e) => e.message).join('; ') || undefined;
}

/** Save the current filters as a view, rename/re-scope a view, or confirm deleting one. */
export function ViewEditorModal({ editing, state, canShare, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { create, update, remove } = useViewMutations();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'personal' | 'shared'>('personal');
  useEffect(() => {
    setName(editing && editing.mode !== 'create' ? editing.view.name : '');
    setScope(editing && editing.mode !== 'create' ? editing.view.scope : 'personal');
    create.reset();
    update.reset();
    remove.reset();
    // Reset only when another view is opened for editing (the mutations are stable objects per render).
  }, [editing]);

  const mutation = editing?.mode === 'create' ? create : editing?.mode === 'rename' ? update : remove;
  const error = mutation.error;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    if (editing.mode === 'create') onSaved(await create.mutateAsync({ name: name.trim(), scope, filters: state.filters, sort: state.sort }));
    else if (editing.mode === 'rename') onSaved(await update.mutateAsync({ id: editing.view.id, name: name.trim(), ...(canShare && { scope }) }));
    else {
      await remove.mutateAsync(editing.view.id);
      onSaved(null);
    }
  };
  const title = editing?.mode === 'create' ? t('queue.views.saveAs') : editing?.mode === 'rename' ? t('queue.views.rename') : t('queue.views.delete');

  return (
    <Modal opened={editing !== null} onClose={onClose} title={title} data-testid="view-editor">
      <form onSubmit={(e) => void submit(e).catch(() => undefined)}>
        <Stack>
          {editing?.mode === 'delete' ? (
            <Text>{t('queue.views.deleteConfirm', { name: editing.view.name })}</Text>
          ) : (
            <>
              <TextInput label={t('queue.views.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={100} error={fieldError(error, 'name')} data-autofocus data-testid="view-name" />
              {canShare && (
                <SegmentedControl
                  aria-label={t('queue.views.scope')}
                  value={scope}
                  onChange={(v) => setScope(v as 'personal' | 'shared')}
                  data={[{ value: 'personal', label: t('queue.views.personal') }, { value: 'shared', label: t('queue.views.shared') }]}
                />
              )}
            </>
          )}
          {error && <Alert color="red" role="alert" data-testid="view-error">{error instanceof ApiError && error.problem.errors?.length ? error.problem.errors.map((e) => `${e.path}: ${e.message}`).join('; ') : error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('queue.cancel')}</Button>
            <Button type="submit" color={editing?.mode === 'delete' ? 'red.9' : 'blue.8'} loading={mutation.isPending} data-testid="view-submit">
              {editing?.mode === 'delete' ? t('queue.views.delete') : t('queue.views.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
