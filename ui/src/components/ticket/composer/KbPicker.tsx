import { Alert, Badge, Button, Drawer, Group, Loader, Select, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../../api';
import { ArticlePreview, articleAsReplyHtml, articleLinkHtml } from '../../kb/ArticlePreview';
import { Highlighted } from '../../kb/Highlighted';
import { KB_LANGUAGES, type KbSearchHit } from '../../kb/kb-types';
import { contrast } from '../../admin/contrast';
import '../../kb/kb.css';

/**
 * "Knowledge base" next to the composer: search published articles (internal ones too) as the agent types,
 * preview one, then put a link to its public page or its text into the reply (unsent).
 */
export function KbPicker({ onInsert }: { onInsert: (html: string) => void }) {
  const { t, i18n } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [language, setLanguage] = useState<string>(KB_LANGUAGES.includes(i18n.language as 'en') ? i18n.language : 'en');
  const [picked, setPicked] = useState<KbSearchHit | null>(null);
  const [query] = useDebouncedValue(q.trim(), 250);
  const search = useQuery({
    queryKey: ['kb', 'search', language, query],
    queryFn: () => getJson<{ hits: KbSearchHit[] }>(`/kb/search?${new URLSearchParams({ q: query, language, limit: '10' })}`),
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
  });
  const hits = search.data?.hits ?? [];
  const insert = (html: string) => { onInsert(html); setOpen(false); };
  return (
    <>
      <Button variant="default" size="compact-sm" onClick={() => setOpen(true)} data-testid="kb-picker">{t('kb.picker.button')}</Button>
      <Drawer opened={open} onClose={() => setOpen(false)} position="right" size={narrow ? '100%' : 'md'} title={t('kb.picker.title')} className={`lantern-kb ${contrast}`}>
        <Stack gap="sm" data-testid="kb-picker-panel">
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput label={t('kb.picker.search')} placeholder={t('kb.picker.placeholder')} value={q} style={{ flex: 1 }} data-autofocus
              onChange={(e) => { setQ(e.currentTarget.value); setPicked(null); }} data-testid="kb-picker-search" />
            <Select label={t('kb.list.language')} data={KB_LANGUAGES.map((l) => ({ value: l, label: l.toUpperCase() }))} value={language}
              onChange={(v) => { if (v) { setLanguage(v); setPicked(null); } }} allowDeselect={false} w={80} />
          </Group>
          {search.error && <Alert color="red" role="alert">{search.error.message}</Alert>}
          {picked ? (
            <Stack gap="xs">
              <Group gap="xs">
                <Button size="xs" variant="subtle" onClick={() => setPicked(null)}>{t('kb.picker.backToResults')}</Button>
                {picked.visibility === 'internal' && <Badge color="grape" variant="light">{t('kb.visibility.internal')}</Badge>}
              </Group>
              <ArticlePreview articleId={picked.articleId} language={picked.language}>
                {(tr) => (
                  <Group gap="xs">
                    <Button size="xs" onClick={() => insert(articleLinkHtml(tr.title, picked.url))} disabled={picked.visibility === 'internal'} data-testid="kb-insert-link">{t('kb.picker.insertLink')}</Button>
                    <Button size="xs" variant="light" onClick={() => insert(articleAsReplyHtml(tr))} data-testid="kb-insert-text">{t('kb.picker.insertText')}</Button>
                    {picked.visibility === 'internal' && <Text size="xs" c="gray.7">{t('kb.picker.internalNoLink')}</Text>}
                  </Group>
                )}
              </ArticlePreview>
            </Stack>
          ) : !query ? <Text size="sm" c="gray.7">{t('kb.picker.hint')}</Text> : search.isPending ? <Loader size="sm" aria-label={t('admin.common.loading')} /> : hits.length === 0 ? (
            <Text size="sm" c="gray.7" data-testid="kb-picker-empty">{t('kb.picker.noHits')}</Text>
          ) : (
            <Stack gap={4} role="list" aria-label={t('kb.picker.results')}>
              {hits.map((h) => (
                <div key={`${h.articleId}-${h.language}`} role="listitem">
                <UnstyledButton onClick={() => setPicked(h)} p="xs" className="lantern-kb-hit" w="100%"
                  style={{ borderRadius: 4, border: '1px solid var(--mantine-color-gray-3)' }} data-testid="kb-picker-hit">
                  <Group gap="xs" wrap="nowrap" justify="space-between">
                    <Text fw={600} size="sm"><Highlighted html={h.titleHtml} /></Text>
                    <Group gap={4} wrap="nowrap">
                      {h.kind === 'tutorial' && <Badge size="xs" variant="light" color="dark">{t('kb.kind.tutorial')}</Badge>}
                      {h.visibility === 'internal' && <Badge size="xs" variant="light" color="grape">{t('kb.visibility.internal')}</Badge>}
                    </Group>
                  </Group>
                  <Text size="xs" c="gray.7" lineClamp={2}><Highlighted html={h.snippetHtml} /></Text>
                </UnstyledButton>
                </div>
              ))}
            </Stack>
          )}
        </Stack>
      </Drawer>
    </>
  );
}
