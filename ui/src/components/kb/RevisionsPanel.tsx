import { Alert, Button, Group, Loader, Paper, ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson } from '../../api';
import { useFormat } from '../../format';
import { ProblemAlert } from '../admin/ProblemAlert';
import { useWorkers } from '../admin/use-options';
import { itemsOf, translationPath } from './kb-api';
import type { KbDiff, KbRevisionSummary, KbTranslation } from './kb-types';
import { DiffView } from './DiffView';

type Props = { articleId: number; language: string; onRestored: () => void };

/** The revisions of one translation: a diff between any two, and restore (which saves a new revision). */
export function RevisionsPanel({ articleId, language, onRestored }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const client = useQueryClient();
  const workers = useWorkers();
  const base = `${translationPath(articleId, language)}/revisions`;
  const list = useQuery({ queryKey: ['kb', 'article', articleId, 'revisions', language], queryFn: async () => itemsOf<KbRevisionSummary>(await getJson(base)) });
  const revs = [...(list.data ?? [])].sort((a, b) => b.revision - a.revision);
  const [pick, setPick] = useState<{ from: number; to: number } | null>(null);
  const latest = revs[0]?.revision ?? 0;
  const range = pick ?? (latest > 1 ? { from: latest - 1, to: latest } : null);
  const diff = useQuery({
    queryKey: ['kb', 'article', articleId, 'diff', language, range?.from, range?.to],
    queryFn: () => getJson<KbDiff>(`${base}/${range!.to}/diff?against=${range!.from}`),
    enabled: range !== null,
  });
  const restore = useMutation({
    mutationFn: (revision: number) => api<KbTranslation>(`${base}/${revision}/restore`, { method: 'POST' }),
    onSuccess: () => { setPick(null); void client.invalidateQueries({ queryKey: ['kb', 'article', articleId] }).then(onRestored); },
  });
  const by = (id: number | null) => (id === null ? '—' : workers.find((w) => w.id === id)?.name ?? `#${id}`);
  const options = revs.map((r) => ({ value: String(r.revision), label: t('kb.editor.revision', { revision: r.revision }) }));
  if (list.isPending) return <Loader aria-label={t('admin.common.loading')} />;
  if (list.error) return <ProblemAlert error={list.error} />;
  return (
    <Stack data-testid="kb-revisions">
      <ProblemAlert error={restore.error} />
      <ScrollArea type="auto">
        <Table miw={480}>
          <Table.Thead><Table.Tr><Table.Th>{t('kb.revisions.revision')}</Table.Th><Table.Th>{t('kb.editor.title')}</Table.Th><Table.Th>{t('kb.revisions.author')}</Table.Th><Table.Th>{t('kb.revisions.at')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {revs.map((r) => (
              <Table.Tr key={r.revision} data-testid="kb-revision-row">
                <Table.Td>{r.revision}</Table.Td>
                <Table.Td>{r.title}</Table.Td>
                <Table.Td>{by(r.authorId)}</Table.Td>
                <Table.Td>{fmt.dateTime(r.createdAt)}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    {r.revision > 1 && <Button size="xs" variant="subtle" onClick={() => setPick({ from: r.revision - 1, to: r.revision })}>{t('kb.revisions.changes')}</Button>}
                    {r.revision !== latest && (
                      <Button size="xs" variant="light" loading={restore.isPending && restore.variables === r.revision} onClick={() => restore.mutate(r.revision)}
                        aria-label={t('kb.revisions.restoreNamed', { revision: r.revision })} data-testid="kb-restore">{t('kb.revisions.restore')}</Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {revs.length < 2 ? <Text c="gray.7" size="sm">{t('kb.revisions.onlyOne')}</Text> : range && (
        <Paper withBorder p="sm">
          <Stack gap="sm">
            <Group gap="xs" align="flex-end">
              <Select label={t('kb.revisions.from')} data={options} value={String(range.from)} allowDeselect={false} w={160}
                onChange={(v) => v && setPick({ ...range, from: Number(v) })} data-testid="kb-diff-from" />
              <Select label={t('kb.revisions.to')} data={options} value={String(range.to)} allowDeselect={false} w={160}
                onChange={(v) => v && setPick({ ...range, to: Number(v) })} data-testid="kb-diff-to" />
            </Group>
            {diff.isPending ? <Loader size="sm" aria-label={t('admin.common.loading')} /> : diff.error ? <Alert color="red" role="alert">{diff.error.message}</Alert> : diff.data && (
              <>
                <DiffView ops={diff.data.title} label={t('kb.editor.title')} />
                <DiffView ops={diff.data.body} label={t('kb.editor.body')} />
              </>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
