import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useParams, useSearchParams } from 'react-router';
import { ArticleEditor } from '../../components/kb/ArticleEditor';
import { ArticleList } from '../../components/kb/ArticleList';
import { NewArticle } from '../../components/kb/NewArticle';
import { StructurePanel } from '../../components/kb/StructurePanel';
import '../../components/kb/kb.css';

/** Admin console › Knowledge base: articles (list, new, editor) and the categories/sections structure. */
export function KnowledgeBasePage() {
  return (
    <div className="lantern-kb" data-testid="kb-admin">
      <Routes>
        <Route index element={<KbHome />} />
        <Route path="articles/new" element={<NewArticle />} />
        <Route path="articles/:id" element={<EditorRoute />} />
      </Routes>
    </div>
  );
}

function EditorRoute() {
  const id = Number(useParams().id);
  return <ArticleEditor key={id} id={id} />;
}

function KbHome() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'structure' ? 'structure' : 'articles';
  return (
    <Stack>
      <Title order={2}>{t('kb.title')}</Title>
      <Text c="gray.7">{t('kb.intro')}</Text>
      <Tabs value={tab} onChange={(v) => setParams(v === 'structure' ? { tab: 'structure' } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="articles" data-testid="kb-tab-articles">{t('kb.tabs.articles')}</Tabs.Tab>
          <Tabs.Tab value="structure" data-testid="kb-tab-structure">{t('kb.tabs.structure')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="articles" pt="md"><ArticleList /></Tabs.Panel>
        <Tabs.Panel value="structure" pt="md"><StructurePanel /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
