import { Alert, Button, Group, List, Modal, Progress, ScrollArea, Select, Stack, TagsInput, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { useLookups } from '../../hooks/useLookups';
import { useSettings } from '../Badges';

const ACTIONS = ['status', 'priority', 'assignee', 'team', 'addTags', 'removeTags'] as const;
type Action = (typeof ACTIONS)[number];
type BulkResult = { id: number; ok: boolean; version?: number };

type Props = { opened: boolean; ids: number[]; numberOf: (id: number) => number | undefined; meId: number | null; onClose: () => void; onDone: () => void };

/** The change for POST /tickets/bulk from the chosen action and value. */
function changesFor(action: Action, value: string | null, tags: string[], meId: number | null): Record<string, unknown> | null {
  if (action === 'addTags' || action === 'removeTags') return tags.length ? { [action]: tags } : null;
  if (value === null) return null;
  if (action === 'status') return { statusId: Number(value) };
  if (action === 'priority') return { priorityId: Number(value) };
  const id = value === 'none' ? null : value === 'me' ? meId : Number(value);
  return action === 'assignee' ? { assigneeId: id } : { teamId: id };
}

/**
 * One change to many tickets through POST /tickets/bulk, which is all-or-nothing: either every ticket is
 * updated (the per-ticket results are listed) or none is (the per-ticket errors are listed).
 */
export function BulkModal({ opened, ids, numberOf, meId, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { statuses, priorities } = useSettings();
  const { workers, teams, tags: knownTags } = useLookups();
  const [action, setAction] = useState<Action>('status');
  const [value, setValue] = useState<string | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const bulk = useMutation({
    mutationFn: async (changes: Record<string, unknown>) => (await api<{ results: BulkResult[] }>('/tickets/bulk', { method: 'POST', body: { ids, changes } })).body.results,
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['tickets'] }); void client.invalidateQueries({ queryKey: ['counts'] }); onDone(); },
  });
  useEffect(() => { if (opened) { bulk.reset(); setValue(null); setTags([]); } }, [opened]);

  const data: Record<Exclude<Action, 'addTags' | 'removeTags'>, Array<{ value: string; label: string }>> = {
    status: statuses.map((s) => ({ value: String(s.id), label: s.name })),
    priority: priorities.map((p) => ({ value: String(p.id), label: p.name })),
    assignee: [{ value: 'me', label: t('queue.filters.me') }, { value: 'none', label: t('queue.filters.nobody') }, ...workers.map((w) => ({ value: String(w.id), label: w.name }))],
    team: [{ value: 'none', label: t('queue.filters.noTeam') }, ...teams.map((tm) => ({ value: String(tm.id), label: tm.name }))],
  };
  const changes = changesFor(action, value, tags, meId);
  const label = (id: number) => (numberOf(id) !== undefined ? `#${numberOf(id)}` : t('queue.bulk.ticketId', { id }));
  const problem = bulk.error instanceof ApiError ? bulk.error.problem : null;
  // Errors name the offending position in `ids` (ids.3); show the ticket instead.
  const errorLine = (e: { path: string; message: string }) => {
    const m = /^ids\.(\d+)$/.exec(e.path);
    const id = m ? ids[Number(m[1])] : undefined;
    return id !== undefined ? `${label(id)}: ${e.message}` : `${e.path}: ${e.message}`;
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('queue.bulk.title', { count: ids.length, n: ids.length })} data-testid="bulk-modal">
      <Stack>
        <Select label={t('queue.bulk.action')} data={ACTIONS.map((a) => ({ value: a, label: t(`queue.bulk.actions.${a}`) }))} value={action} onChange={(v) => { if (v) { setAction(v as Action); setValue(null); } }} allowDeselect={false} data-testid="bulk-action" comboboxProps={{ withinPortal: true }} />
        {action === 'addTags' || action === 'removeTags'
          ? <TagsInput label={t('queue.bulk.tags')} data={knownTags.map((tg) => tg.name)} value={tags} onChange={setTags} data-testid="bulk-tags" />
          : <Select label={t('queue.bulk.value')} data={data[action]} value={value} onChange={setValue} searchable data-testid="bulk-value" comboboxProps={{ withinPortal: true }} />}
        {bulk.isPending && (
          <Stack gap={4} data-testid="bulk-progress">
            <Text size="sm">{t('queue.bulk.working', { count: ids.length, n: ids.length })}</Text>
            <Progress value={100} animated striped aria-label={t('queue.bulk.working', { count: ids.length, n: ids.length })} />
          </Stack>
        )}
        {bulk.isSuccess && (
          <Alert color="green" title={t('queue.bulk.done', { count: bulk.data.length, n: bulk.data.length })} data-testid="bulk-result">
            <ScrollArea.Autosize mah={160}>
              <List size="sm">{bulk.data.map((r) => <List.Item key={r.id}>{label(r.id)}: {r.ok ? t('queue.bulk.updated') : t('queue.bulk.notUpdated')}</List.Item>)}</List>
            </ScrollArea.Autosize>
          </Alert>
        )}
        {bulk.error && (
          <Alert color="red" title={t('queue.bulk.failed')} role="alert" data-testid="bulk-error">
            <Text size="sm">{bulk.error.message}</Text>
            {problem?.errors?.length ? <ScrollArea.Autosize mah={160}><List size="sm">{problem.errors.map((e) => <List.Item key={e.path + e.message}>{errorLine(e)}</List.Item>)}</List></ScrollArea.Autosize> : null}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="bulk-close">{bulk.isSuccess ? t('queue.close') : t('queue.cancel')}</Button>
          {!bulk.isSuccess && <Button color="blue.8" disabled={!changes} loading={bulk.isPending} onClick={() => changes && bulk.mutate(changes)} data-testid="bulk-apply">{t('queue.bulk.apply', { count: ids.length, n: ids.length })}</Button>}
        </Group>
      </Stack>
    </Modal>
  );
}
