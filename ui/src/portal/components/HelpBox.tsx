import { Anchor, Button, Card, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AssistantChat } from './AssistantChat';
import { Highlighted } from './Highlighted';
import classes from './portal.module.css';
import { portalApi } from '../portal-api';

/** Self-service beside the tickets: search the help center, or ask the assistant (which can hand over to a human). */
export function HelpBox() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [chat, setChat] = useState(false);
  const search = useQuery({ queryKey: ['help-search', language, q], queryFn: () => portalApi.helpSearch(language, q), enabled: q.length > 0 });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQ(draft.trim());
  };
  return (
    <Card withBorder padding="md" component="aside" aria-labelledby="help-title" data-testid="help-box">
      <Stack gap="sm">
        <h2 className={classes.h2} id="help-title">{t('portal.help.title')}</h2>
        <form onSubmit={submit} role="search">
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput style={{ flex: 1 }} label={t('portal.help.searchLabel')} placeholder={t('portal.help.searchPlaceholder')} value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)} data-testid="help-search" />
            <Button type="submit" variant="light">{t('portal.help.search')}</Button>
          </Group>
        </form>
        {q && search.isPending && <Loader size="sm" aria-label={t('portal.common.loading')} />}
        {search.isError && <Text size="sm" c="red.8" role="alert">{t('portal.help.unavailable')}</Text>}
        {search.data && (
          <Stack gap="xs" data-testid="help-results" aria-live="polite">
            <Text size="xs" c="gray.8">{search.data.hits.length ? t('portal.help.results', { count: search.data.estimatedTotal || search.data.hits.length }) : t('portal.help.noHits', { q })}</Text>
            {search.data.hits.map((hit) => (
              <div key={`${hit.articleId}-${hit.language}`} className={classes.mark}>
                <Anchor href={hit.url} fw={600} size="sm" data-testid="help-hit"><Highlighted html={hit.titleHtml} /></Anchor>
                <Text size="xs" c="gray.8" lineClamp={3}><Highlighted html={hit.snippetHtml} /></Text>
              </div>
            ))}
          </Stack>
        )}
        <Anchor href={`/help/${language}`} size="sm">{t('portal.help.all')}</Anchor>
        {chat ? <AssistantChat /> : (
          <Button variant="outline" onClick={() => setChat(true)} data-testid="ask-assistant">{t('portal.assistant.title')}</Button>
        )}
      </Stack>
    </Card>
  );
}
