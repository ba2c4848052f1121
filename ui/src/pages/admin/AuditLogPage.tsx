import { Alert, Button, Code, Group, Loader, ScrollArea, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRow } from '../../components/admin/admin-types';
import { useAdminList } from '../../components/admin/use-admin-list';
import { fieldErrorsOf } from '../../components/admin/problem';
import { useWorkers } from '../../components/admin/use-options';
import { useFormat } from '../../format';

const FILTERS = ['entityType', 'entityId', 'action', 'actorId', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number] | 'actorType', string>>;

/** Who changed what, newest first: filter by entity, action, actor and time; keyset "load more". */
export function AuditLogPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [draft, setDraft] = useState<Filters>({});
  const [applied, setApplied] = useState<Filters>({});
  const query = new URLSearchParams(Object.entries(applied).filter(([, v]) => v) as Array<[string, string]>).toString();
  const list = useAdminList<AuditRow>('/audit-log', query, 50);
  const [open, setOpen] = useState<number | null>(null);
  const workers = useWorkers();
  const actorName = (a: AuditRow['actor']) =>
    (a.type === 'worker' && workers.find((w) => w.id === a.id)?.name) || `${t(`admin.audit.actorTypes.${a.type}`, { defaultValue: a.type })} ${a.id ?? ''}`;
  const errors = fieldErrorsOf(list.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(draft);
  };
  return (
    <Stack data-testid="admin-audit-log">
      <Title order={2}>{t('admin.nav.auditLog')}</Title>
      <form onSubmit={submit}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          {FILTERS.map((f) => (
            <TextInput key={f} label={t(`admin.audit.filters.${f}`)} type={f === 'from' || f === 'to' ? 'date' : 'text'} value={draft[f] ?? ''}
              error={errors[`query.${f}`]} onChange={(e) => setDraft({ ...draft, [f]: e.currentTarget.value })} data-testid={`audit-filter-${f}`} />
          ))}
          <Select label={t('admin.audit.filters.actorType')} clearable value={draft.actorType ?? null} comboboxProps={{ withinPortal: true }}
            data={['worker', 'customer', 'plugin', 'system'].map((v) => ({ value: v, label: t(`admin.audit.actorTypes.${v}`) }))}
            onChange={(v) => setDraft({ ...draft, actorType: v ?? undefined })} />
        </SimpleGrid>
        <Group mt="sm">
          <Button type="submit" data-testid="audit-apply">{t('admin.audit.apply')}</Button>
          <Button variant="default" onClick={() => { setDraft({}); setApplied({}); }}>{t('admin.audit.clear')}</Button>
        </Group>
      </form>
      {list.error && !Object.keys(errors).length && <Alert color="red" role="alert">{list.error.message}</Alert>}
      {list.isPending ? <Loader aria-label={t('admin.common.loading')} /> : list.rows.length === 0 ? <Text c="gray.7">{t('admin.common.empty')}</Text> : (
        <ScrollArea type="auto">
          <Table striped miw={640}>
            <Table.Thead><Table.Tr><Table.Th>{t('admin.audit.when')}</Table.Th><Table.Th>{t('admin.audit.actor')}</Table.Th><Table.Th>{t('admin.audit.action')}</Table.Th><Table.Th>{t('admin.audit.entity')}</Table.Th><Table.Th>{t('admin.audit.changes')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.rows.map((r) => (
                <Table.Tr key={r.id} data-testid="audit-row">
                  <Table.Td>{fmt.dateTime(r.occurredAt)}</Table.Td>
                  <Table.Td>{actorName(r.actor)} <Text span size="xs" c="gray.7">({r.actor.via})</Text></Table.Td>
                  <Table.Td><Code>{r.action}</Code></Table.Td>
                  <Table.Td>{r.entityType} {r.entityId}</Table.Td>
                  <Table.Td>
                    {Object.keys(r.diff).length > 0 && (
                      <Button size="xs" variant="subtle" onClick={() => setOpen(open === r.id ? null : r.id)} aria-expanded={open === r.id}>
                        {t('admin.audit.fieldsChanged', { count: Object.keys(r.diff).length })}
                      </Button>
                    )}
                    {open === r.id && <Code block>{Object.entries(r.diff).map(([k, d]) => `${k}: ${JSON.stringify(d.from)} → ${JSON.stringify(d.to)}`).join('\n')}</Code>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {list.hasNextPage && <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="audit-more">{t('admin.common.more')}</Button>}
    </Stack>
  );
}
