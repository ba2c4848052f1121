import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { useFormat } from '../../format';
import type { KbArticleSummary, KbFeedback } from './kb-types';

/** "Was this helpful?" answers of an article: the counts, and each answer with its comment, newest first. */
export function FeedbackPanel({ article }: { article: KbArticleSummary }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useInfiniteQuery({
    queryKey: ['kb', 'article', article.id, 'feedback'],
    queryFn: ({ pageParam }) => getJson<{ items: KbFeedback[]; nextCursor: string | null }>(`/kb/articles/${article.id}/feedback${pageParam ? `?cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const { yes, no } = article.helpful;
  const share = yes + no ? Math.round((yes / (yes + no)) * 100) : null;
  return (
    <Stack data-testid="kb-feedback">
      <Group gap="lg">
        <Text data-testid="kb-helpful-yes">{t('kb.feedback.yes', { count: yes })}</Text>
        <Text data-testid="kb-helpful-no">{t('kb.feedback.no', { count: no })}</Text>
        {share !== null && <Text c="gray.7">{t('kb.feedback.share', { share })}</Text>}
        <Text c="gray.7">{t('kb.feedback.views', { count: article.viewCount })}</Text>
      </Group>
      {list.error && <Alert color="red" role="alert">{list.error.message}</Alert>}
      {list.isPending ? <Loader aria-label={t('admin.common.loading')} /> : rows.length === 0 ? <Text c="gray.7">{t('kb.feedback.empty')}</Text> : rows.map((f) => (
        <Paper key={f.id} withBorder p="xs" data-testid="kb-feedback-row">
          <Group gap="xs" mb={f.comment ? 4 : 0}>
            <Badge color={f.helpful ? 'green' : 'red'} variant="light">{f.helpful ? t('kb.feedback.helpful') : t('kb.feedback.notHelpful')}</Badge>
            <Text size="xs" c="gray.7">{f.language.toUpperCase()} · {fmt.dateTime(f.createdAt)}</Text>
          </Group>
          {f.comment && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{f.comment}</Text>}
        </Paper>
      ))}
      {list.hasNextPage && <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('admin.common.more')}</Button>}
    </Stack>
  );
}
