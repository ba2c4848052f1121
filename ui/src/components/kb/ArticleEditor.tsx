import { Alert, Anchor, Button, Group, Loader, Menu, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DeleteButton } from '../admin/DeleteButton';
import { ApiError } from '../../api';
import { ArticleSettings } from './ArticleSettings';
import { VisibilityBadge } from './badges';
import { FeedbackPanel } from './FeedbackPanel';
import { useKbArticle, useKbTranslation } from './kb-api';
import { KB_LANGUAGES, KB_ROOT, pickTranslation, type KbArticleSummary } from './kb-types';
import { RevisionsPanel } from './RevisionsPanel';
import { TranslationForm } from './TranslationForm';

/**
 * One article: a tab per language (plus "add a translation"), and for the chosen language its content,
 * revisions; the article's settings and feedback. `?lang=` keeps the language in the address.
 */
export function ArticleEditor({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const article = useKbArticle(id);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [adding, setAdding] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = () => { void client.invalidateQueries({ queryKey: ['kb', 'article', id] }).then(() => setGeneration((g) => g + 1)); };
  const back = <Anchor component={Link} to={KB_ROOT}>{t('kb.editor.back')}</Anchor>;
  if (article.isPending) return <Loader aria-label={t('admin.common.loading')} />;
  if (article.error) {
    const notFound = article.error instanceof ApiError && article.error.status === 404;
    return <Stack>{back}<Alert color="red" role="alert">{notFound ? t('kb.editor.notFound') : article.error.message}</Alert></Stack>;
  }
  const a = article.data;
  const existing = a.translations.map((tr) => tr.language);
  const langs = adding && !existing.includes(adding) ? [...existing, adding] : existing;
  const wanted = params.get('lang');
  const lang = wanted && langs.includes(wanted) ? wanted : pickTranslation(a, i18n.language)?.language ?? langs[0] ?? 'en';
  const missing = KB_LANGUAGES.filter((l) => !langs.includes(l));
  const setLang = (l: string) => setParams((p) => { p.set('lang', l); return p; }, { replace: true });
  return (
    <Stack data-testid="kb-article-editor">
      {back}
      <Group justify="space-between" wrap="wrap">
        <Title order={3} data-testid="kb-article-title">{pickTranslation(a, lang)?.title ?? t('kb.editor.untitled')}</Title>
        <Group gap="xs">
          <Text size="sm" c="gray.7">{t(`kb.kind.${a.kind}`)}</Text><VisibilityBadge visibility={a.visibility} />
          <DeleteButton path={`/kb/articles/${id}`} name={pickTranslation(a, lang)?.title ?? `#${id}`}
            onDeleted={() => { void client.invalidateQueries({ queryKey: ['kb', 'articles'] }); navigate(KB_ROOT); }} />
        </Group>
      </Group>
      <Group gap="xs" wrap="wrap">
        <Group gap="xs" role="group" aria-label={t('kb.editor.languages')}>
          {langs.map((l) => {
            const tr = a.translations.find((x) => x.language === l);
            return (
              <Button key={l} variant={l === lang ? 'filled' : 'default'} size="sm" onClick={() => setLang(l)} aria-pressed={l === lang}
                data-testid={`kb-lang-${l}`} data-state={tr?.state ?? 'new'}>
                {tr ? t('kb.editor.languageState', { language: t(`kb.languages.${l}`), state: t(`kb.state.${tr.state}`) }) : t(`kb.languages.${l}`)}
              </Button>
            );
          })}
        </Group>
        {missing.length > 0 && (
          <Menu>
            <Menu.Target><Button size="xs" variant="light" data-testid="kb-add-translation">{t('kb.editor.addTranslation')}</Button></Menu.Target>
            <Menu.Dropdown>
              {missing.map((l) => <Menu.Item key={l} onClick={() => { setAdding(l); setLang(l); }}>{t(`kb.languages.${l}`)}</Menu.Item>)}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Tabs defaultValue="content" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="content">{t('kb.editor.content')}</Tabs.Tab>
          <Tabs.Tab value="revisions" disabled={!existing.includes(lang)} data-testid="kb-tab-revisions">{t('kb.revisions.title')}</Tabs.Tab>
          <Tabs.Tab value="settings" data-testid="kb-tab-settings">{t('kb.editor.settings')}</Tabs.Tab>
          <Tabs.Tab value="feedback" data-testid="kb-tab-feedback">{t('kb.feedback.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="content" pt="md">
          <LanguageContent key={`${lang}-${generation}`} article={a} language={lang} exists={existing.includes(lang)} onReload={reload} />
        </Tabs.Panel>
        <Tabs.Panel value="revisions" pt="md">
          <RevisionsPanel articleId={id} language={lang} onRestored={() => setGeneration((g) => g + 1)} />
        </Tabs.Panel>
        <Tabs.Panel value="settings" pt="md"><ArticleSettings key={generation} article={a} onReload={reload} /></Tabs.Panel>
        <Tabs.Panel value="feedback" pt="md"><FeedbackPanel article={a} /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** Loads the saved translation (when there is one) before the form starts from it. */
function LanguageContent({ article, language, exists, onReload }: { article: KbArticleSummary; language: string; exists: boolean; onReload: () => void }) {
  const { t } = useTranslation();
  const saved = useKbTranslation(article.id, language, exists);
  // The form reads its content once: wait for a fetch made after this mount (after a restore or reload the
  // cache may still hold the content from before).
  const [mountedAt] = useState(() => Date.now());
  const fresh = saved.dataUpdatedAt >= mountedAt;
  if (exists && !saved.error && (saved.isPending || !fresh)) return <Loader aria-label={t('admin.common.loading')} />;
  if (exists && saved.error) return <Alert color="red" role="alert">{saved.error.message}</Alert>;
  return <TranslationForm articleId={article.id} language={language} kind={article.kind} saved={exists ? saved.data ?? null : null} onReload={onReload} />;
}
