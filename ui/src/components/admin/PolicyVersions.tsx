import { Button, Code, Group, Loader, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { useFormat } from '../../format';
import { diffDocuments, type PolicyVersion } from './lifecycle-types';
import { ProblemAlert } from './ProblemAlert';
import { useAdminList } from './use-admin-list';
import { useWorkers } from './use-options';

type VersionDoc = PolicyVersion & { document: Record<string, unknown> };
const fetchVersion = (v: number) => getJson<VersionDoc>(`/lifecycle-policies/versions/${v}`);

/** Published policy versions, newest first; open one to see what changed against the one before, or the whole document. */
export function PolicyVersions() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useAdminList<PolicyVersion>('/lifecycle-policies/versions', '', 20);
  const [open, setOpen] = useState<number | null>(null);
  const workers = useWorkers();
  const by = (id: number | null) => (id === null ? t('admin.lifecycle.system') : workers.find((w) => w.id === id)?.name ?? `#${id}`);
  return (
    <Stack data-testid="policy-versions">
      <Title order={3}>{t('admin.lifecycle.versions')}</Title>
      {list.isPending ? <Loader aria-label={t('admin.common.loading')} /> : (
        <Table>
          <Table.Thead><Table.Tr><Table.Th>{t('admin.lifecycle.version')}</Table.Th><Table.Th>{t('admin.lifecycle.publishedAt')}</Table.Th><Table.Th>{t('admin.lifecycle.by')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {list.rows.map((v) => (
              <Table.Tr key={v.version} data-testid="policy-version">
                <Table.Td>v{v.version}</Table.Td>
                <Table.Td>{fmt.dateTime(v.createdAt)}</Table.Td>
                <Table.Td>{by(v.createdBy)}</Table.Td>
                <Table.Td><Button size="xs" variant="subtle" onClick={() => setOpen(open === v.version ? null : v.version)} aria-expanded={open === v.version}>{t('admin.lifecycle.show')}</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && <Button variant="default" onClick={() => list.fetchNextPage()}>{t('admin.common.more')}</Button>}
      {open !== null && <VersionView version={open} />}
    </Stack>
  );
}

function VersionView({ version }: { version: number }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'diff' | 'document'>('diff');
  const current = useQuery({ queryKey: ['admin', 'lifecycle', 'version', version], queryFn: () => fetchVersion(version) });
  const previous = useQuery({ queryKey: ['admin', 'lifecycle', 'version', version - 1], queryFn: () => fetchVersion(version - 1), enabled: version > 1 });
  if (current.isPending || (version > 1 && previous.isPending)) return <Loader aria-label={t('admin.common.loading')} />;
  if (current.error) return <ProblemAlert error={current.error} />;
  const diff = diffDocuments(previous.data?.document ?? {}, current.data.document);
  return (
    <Paper withBorder p="sm" data-testid="policy-version-view">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{t('admin.lifecycle.versionTitle', { version })}</Text>
        <SegmentedControl size="xs" value={mode} onChange={(v) => setMode(v as 'diff' | 'document')}
          data={[{ value: 'diff', label: t('admin.lifecycle.diff') }, { value: 'document', label: t('admin.lifecycle.document') }]} />
      </Group>
      {mode === 'document' ? <Code block style={{ maxHeight: 400, overflow: 'auto' }}>{JSON.stringify(current.data.document, null, 2)}</Code> : diff.length === 0 ? (
        <Text size="sm" c="gray.7">{t('admin.lifecycle.noChanges')}</Text>
      ) : (
        <Code block style={{ maxHeight: 400, overflow: 'auto' }} data-testid="policy-diff">
          {diff.map((d) => `${d.path}: ${d.from === undefined ? '∅' : JSON.stringify(d.from)} → ${d.to === undefined ? '∅' : JSON.stringify(d.to)}`).join('\n')}
        </Code>
      )}
    </Paper>
  );
}
