import { Button, Group, MultiSelect, Radio, Select, Stack } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson } from '../../api';
import { fieldErrorsOf, unclaimed } from '../admin/problem';
import { ProblemAlert } from '../admin/ProblemAlert';
import { guard, useKbSections } from './kb-api';
import { nameIn, pickTranslation, type KbArticleSummary, type KbVisibility } from './kb-types';

/** Where the article lives, who may read it and its related articles (PATCH with the version it showed). */
export function ArticleSettings({ article, onReload }: { article: KbArticleSummary; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const sections = useKbSections();
  const others = useQuery({
    queryKey: ['kb', 'articles', 'all'],
    queryFn: () => getJson<{ items: KbArticleSummary[] }>('/kb/articles?limit=100'),
  });
  const [sectionId, setSectionId] = useState(String(article.sectionId));
  const [visibility, setVisibility] = useState<KbVisibility>(article.visibility);
  const [related, setRelated] = useState(article.relatedIds.map(String));
  const save = useMutation({
    mutationFn: () => api<KbArticleSummary>(`/kb/articles/${article.id}`, {
      method: 'PATCH',
      body: { sectionId: Number(sectionId), visibility, relatedIds: related.map(Number), ...guard(article.version) },
    }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['kb'] }),
  });
  const errors = fieldErrorsOf(save.error);
  const lang = i18n.language;
  const relatedOptions = (others.data?.items ?? []).filter((a) => a.id !== article.id)
    .map((a) => ({ value: String(a.id), label: pickTranslation(a, lang)?.title ?? `#${a.id}` }));
  // Related articles beyond the first page still show (by number) so saving does not drop them.
  for (const id of related) if (!relatedOptions.some((o) => o.value === id)) relatedOptions.push({ value: id, label: `#${id}` });
  return (
    <Stack data-testid="kb-settings" maw={560}>
      <ProblemAlert error={save.error} extra={unclaimed(errors, ['sectionId', 'visibility', 'relatedIds'])} onReload={onReload} />
      <Select label={t('kb.list.section')} data={(sections.data ?? []).map((s) => ({ value: String(s.id), label: nameIn(s.translations, lang) }))}
        value={sectionId} onChange={(v) => v && setSectionId(v)} allowDeselect={false} searchable error={errors.sectionId} />
      <Radio.Group label={t('kb.list.visibility')} description={t('kb.editor.visibilityHelp')} value={visibility} onChange={(v) => setVisibility(v as KbVisibility)} error={errors.visibility}>
        <Group mt={4}>{(['public', 'internal'] as const).map((k) => <Radio key={k} value={k} label={t(`kb.visibility.${k}`)} data-testid={`kb-visibility-${k}`} />)}</Group>
      </Radio.Group>
      <MultiSelect label={t('kb.editor.related')} data={relatedOptions} value={related} onChange={setRelated} searchable clearable
        error={errors.relatedIds} data-testid="kb-related" />
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="kb-settings-save">{t('admin.common.save')}</Button>
        {save.isSuccess && <span role="status">{t('kb.editor.settingsSaved')}</span>}
      </Group>
    </Stack>
  );
}
