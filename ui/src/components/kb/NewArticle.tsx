import { Anchor, Button, Paper, Radio, Group, Select, Stack, TextInput, Title, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api';
import { errorsUnder, fieldErrorsOf, unclaimed } from '../admin/problem';
import { ProblemAlert } from '../admin/ProblemAlert';
import { useKbCategories, useKbSections } from './kb-api';
import { KbRichEditor } from './KbRichEditor';
import { StepsEditor, withKeys, withoutKeys, type EditStep } from './StepsEditor';
import { KB_LANGUAGES, KB_ROOT, nameIn, type KbArticleSummary, type KbKind, type KbVisibility } from './kb-types';

/** Start an article or tutorial: where it lives, who may read it, its first language, title, text (and steps) → a draft (revision 1). */
export function NewArticle() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const sections = useKbSections();
  const categories = useKbCategories();
  const [sectionId, setSectionId] = useState<string | null>(null);
  const [kind, setKind] = useState<KbKind>('article');
  const [visibility, setVisibility] = useState<KbVisibility>('public');
  const [language, setLanguage] = useState<string>(KB_LANGUAGES.includes(i18n.language as 'en') ? i18n.language : 'en');
  const [title, setTitle] = useState('');
  const [bodyHtml, setBodyHtml] = useState('');
  // A tutorial is created with its steps (the API wants at least one).
  const [steps, setSteps] = useState<EditStep[]>(() => withKeys([{ title: '', bodyHtml: '', imageUrl: null, check: null }]));
  const create = useMutation({
    mutationFn: async () => (await api<KbArticleSummary>('/kb/articles', {
      method: 'POST',
      body: {
        sectionId: sectionId ? Number(sectionId) : undefined, kind, visibility,
        translation: { language, title: title.trim(), bodyHtml: bodyHtml || '<p></p>', ...(kind === 'tutorial' && { steps: withoutKeys(steps) }) },
      },
    })).body,
    onSuccess: (a) => {
      void client.invalidateQueries({ queryKey: ['kb', 'articles'] });
      navigate(`${KB_ROOT}/articles/${a.id}?lang=${language}`);
    },
  });
  const errors = fieldErrorsOf(create.error);
  const catName = (id: number) => nameIn(categories.data?.find((c) => c.id === id)?.translations ?? {}, i18n.language);
  const options = (sections.data ?? []).map((s) => ({ value: String(s.id), label: `${catName(s.categoryId)} › ${nameIn(s.translations, i18n.language)}` }));
  const onSubmit = (e: FormEvent) => { e.preventDefault(); create.mutate(); };
  return (
    <Stack data-testid="kb-new-article-page" maw={640}>
      <Anchor component={Link} to={KB_ROOT}>{t('kb.editor.back')}</Anchor>
      <Title order={3}>{t('kb.list.new')}</Title>
      <Paper withBorder p="md">
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <ProblemAlert error={create.error} extra={unclaimed(errors, ['sectionId', 'kind', 'visibility', 'translation.language', 'translation.title', 'translation.bodyHtml', 'translation.steps'])} />
            {options.length === 0 && !sections.isPending && <Text c="gray.7">{t('kb.editor.needSection')}</Text>}
            <Select label={t('kb.list.section')} data={options} value={sectionId} onChange={setSectionId} required searchable
              error={errors.sectionId} data-testid="kb-new-section-select" />
            <Radio.Group label={t('kb.list.kind')} value={kind} onChange={(v) => setKind(v as KbKind)}>
              <Group mt={4}>{(['article', 'tutorial'] as const).map((k) => <Radio key={k} value={k} label={t(`kb.kind.${k}`)} data-testid={`kb-kind-${k}`} />)}</Group>
            </Radio.Group>
            <Radio.Group label={t('kb.list.visibility')} value={visibility} onChange={(v) => setVisibility(v as KbVisibility)}>
              <Group mt={4}>{(['public', 'internal'] as const).map((k) => <Radio key={k} value={k} label={t(`kb.visibility.${k}`)} />)}</Group>
            </Radio.Group>
            <Select label={t('kb.list.language')} data={KB_LANGUAGES.map((l) => ({ value: l, label: t(`kb.languages.${l}`) }))} value={language}
              onChange={(v) => setLanguage(v ?? 'en')} allowDeselect={false} error={errors['translation.language']} />
            <TextInput label={t('kb.editor.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required
              error={errors['translation.title']} data-testid="kb-new-title" />
            <KbRichEditor label={kind === 'tutorial' ? t('kb.editor.intro') : t('kb.editor.body')} initial="" onChange={setBodyHtml}
              testId="kb-body" error={errors['translation.bodyHtml']} />
            {kind === 'tutorial' && <StepsEditor steps={steps} onChange={setSteps} errors={errorsUnder(errors, 'translation')} />}
            <Group><Button type="submit" loading={create.isPending} data-testid="kb-create">{t('kb.editor.create')}</Button></Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
