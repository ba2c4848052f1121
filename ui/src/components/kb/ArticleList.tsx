import { Alert, Anchor, Button, Group, Loader, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson } from '../../api';
import { useFormat } from '../../format';
import { ArticleFilters, filterQuery, NO_FILTERS, type Filters } from './ArticleFilters';
import { StateBadge, VisibilityBadge } from './badges';
import { useKbSections } from './kb-api';
import { KB_ROOT, nameIn, pickTranslation, type KbArticleSummary } from './kb-types';

type ListPage = { items: KbArticleSummary[]; nextCursor: string | null };

/** All articles with their translations' states, filtered, keyset-paged ("load more"). */
export function ArticleList() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [debounced] = useDebouncedValue(filters, 250);
  const sections = useKbSections();
  const query = filterQuery(debounced);
  const list = useInfiniteQuery({
    queryKey: ['kb', 'articles', query],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams(query);
      params.set('limit', '50');
      if (pageParam) params.set('cursor', pageParam);
      return getJson<ListPage>(`/kb/articles?${params}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const sectionName = (id: number) => nameIn(sections.data?.find((s) => s.id === id)?.translations ?? {}, i18n.language);
  const sectionOptions = (sections.data ?? []).map((s) => ({ value: String(s.id), label: nameIn(s.translations, i18n.language) }));
  return (
    <Stack data-testid="kb-articles">
      <Group justify="space-between">
        <Title order={3}>{t('kb.list.title')}</Title>
        <Button component={Link} to={`${KB_ROOT}/articles/new`} data-testid="kb-new-article">{t('kb.list.new')}</Button>
      </Group>
      <ArticleFilters value={filters} onChange={setFilters} sections={sectionOptions} />
      {list.error && <Alert color="red" role="alert">{list.error.message}</Alert>}
      {list.isPending ? <Loader aria-label={t('admin.common.loading')} /> : rows.length === 0 ? (
        <Text c="gray.7" data-testid="kb-articles-empty">{t('kb.list.empty')}</Text>
      ) : (
        <ScrollArea type="auto">
          <Table striped highlightOnHover miw={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('kb.list.titleColumn')}</Table.Th>
                <Table.Th>{t('kb.list.section')}</Table.Th>
                <Table.Th>{t('kb.list.translations')}</Table.Th>
                <Table.Th>{t('kb.list.helpful')}</Table.Th>
                <Table.Th>{t('kb.list.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => (
                <Table.Tr key={a.id} data-testid="kb-article-row">
                  <Table.Td>
                    <Stack gap={2}>
                      <Anchor component={Link} to={`${KB_ROOT}/articles/${a.id}`} fw={600}>{pickTranslation(a, i18n.language)?.title ?? `#${a.id}`}</Anchor>
                      <Group gap={4}>
                        <Text size="xs" c="gray.7">{t(`kb.kind.${a.kind}`)}</Text>
                        <VisibilityBadge visibility={a.visibility} />
                      </Group>
                    </Stack>
                  </Table.Td>
                  <Table.Td>{sectionName(a.sectionId)}</Table.Td>
                  <Table.Td><Group gap={4}>{a.translations.map((tr) => <StateBadge key={tr.language} state={tr.state} language={tr.language} />)}</Group></Table.Td>
                  <Table.Td>{t('kb.list.helpfulCounts', { yes: a.helpful.yes, no: a.helpful.no })}</Table.Td>
                  <Table.Td>{fmt.dateTime(a.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {list.hasNextPage && <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('admin.common.more')}</Button>}
    </Stack>
  );
}
