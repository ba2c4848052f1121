import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { fieldErrorsOf, unclaimed } from '../admin/problem';
import { ProblemAlert } from '../admin/ProblemAlert';
import { StateBadge } from './badges';
import { translationPath } from './kb-api';
import type { KbKind, KbState, KbTranslation } from './kb-types';
import { KbRichEditor } from './KbRichEditor';
import { StepsEditor, withKeys, withoutKeys, type EditStep } from './StepsEditor';

type Props = { articleId: number; language: string; kind: KbKind; saved: KbTranslation | null; onReload: () => void };
type Draft = { title: string; slug: string; bodyHtml: string; steps: EditStep[] };

const draftOf = (s: KbTranslation | null): Draft => ({ title: s?.title ?? '', slug: s?.slug ?? '', bodyHtml: s?.bodyHtml ?? '', steps: withKeys(s?.steps ?? []) });

/**
 * One language of an article: title, slug, rich body (and steps for a tutorial). Save writes a new revision
 * (PUT; a published translation stays published); publish / unpublish / archive change its state.
 */
export function TranslationForm({ articleId, language, kind, saved, onReload }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const [dirty, setDirty] = useState(saved === null);
  const [notice, setNotice] = useState<string | null>(null);
  const edit = (change: Partial<Draft>) => { setDraft((d) => ({ ...d, ...change })); setDirty(true); setNotice(null); };
  const refresh = () => client.invalidateQueries({ queryKey: ['kb', 'article', articleId] }).then(() => client.invalidateQueries({ queryKey: ['kb', 'articles'] }));
  const [base, setBase] = useState<number | null>(saved?.revision ?? null);
  const put = async () => {
    const body = {
      title: draft.title.trim(), bodyHtml: draft.bodyHtml || '<p></p>',
      ...(draft.slug.trim() && draft.slug.trim() !== saved?.slug && { slug: draft.slug.trim() }),
      // The API takes 1..100 steps or null (a tutorial still being written has none).
      ...(kind === 'tutorial' && { steps: draft.steps.length ? withoutKeys(draft.steps) : null }),
      // Another save since this form was loaded answers 409 (offered: reload).
      ...(base !== null && { baseRevision: base }),
    };
    return (await api<KbTranslation>(translationPath(articleId, language), { method: 'PUT', body })).body;
  };
  const save = useMutation({
    mutationFn: put,
    onSuccess: (tr) => { setDirty(false); setBase(tr.revision); setDraft((d) => ({ ...d, slug: tr.slug })); setNotice(t('kb.editor.saved', { revision: tr.revision })); void refresh(); },
  });
  const state = useMutation({
    mutationFn: async (next: KbState) => {
      if (dirty) setBase((await put()).revision);
      return (await api<KbTranslation>(`${translationPath(articleId, language)}/state`, { method: 'POST', body: { state: next } })).body;
    },
    onSuccess: (tr) => { setDirty(false); setNotice(t(`kb.editor.stateChanged.${tr.state}`)); void refresh(); },
  });
  const error = save.error ?? state.error;
  const errors = fieldErrorsOf(error);
  const current = saved?.state ?? null;
  const busy = save.isPending || state.isPending;
  return (
    <Stack data-testid="kb-translation-form" data-language={language}>
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          {current ? <StateBadge state={current} /> : <Text size="sm" c="gray.7">{t('kb.editor.newTranslation')}</Text>}
          {saved && <Text size="sm" c="gray.7" data-testid="kb-revision">{t('kb.editor.revision', { revision: saved.revision })}</Text>}
        </Group>
        <Group gap="xs">
          {current !== 'published' && <Button color="green" onClick={() => state.mutate('published')} loading={state.isPending} disabled={busy || !draft.title.trim()} data-testid="kb-publish">{t('kb.editor.publish')}</Button>}
          {current === 'published' && <Button variant="default" onClick={() => state.mutate('draft')} disabled={busy} data-testid="kb-unpublish">{t('kb.editor.unpublish')}</Button>}
          {current && current !== 'archived' && <Button variant="default" color="orange" onClick={() => state.mutate('archived')} disabled={busy} data-testid="kb-archive">{t('kb.editor.archive')}</Button>}
        </Group>
      </Group>
      <ProblemAlert error={error} extra={unclaimed(errors, ['title', 'slug', 'bodyHtml', 'steps', 'state'])} onReload={onReload} />
      <TextInput label={t('kb.editor.title')} value={draft.title} onChange={(e) => edit({ title: e.currentTarget.value })} required error={errors.title} data-testid="kb-title" />
      <TextInput label={t('kb.structure.slug')} description={t('kb.editor.slugHelp')} value={draft.slug} onChange={(e) => edit({ slug: e.currentTarget.value })} error={errors.slug} />
      <KbRichEditor label={kind === 'tutorial' ? t('kb.editor.intro') : t('kb.editor.body')} initial={draft.bodyHtml} onChange={(bodyHtml) => edit({ bodyHtml })}
        testId="kb-body" error={errors.bodyHtml} />
      {kind === 'tutorial' && <StepsEditor steps={draft.steps} onChange={(steps) => edit({ steps })} errors={errors} />}
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={busy || !dirty} data-testid="kb-save">{t('admin.common.save')}</Button>
        {dirty && <Text size="sm" c="orange.9">{t('kb.editor.unsaved')}</Text>}
        {notice && !dirty && <Text size="sm" c="green.9" data-testid="kb-notice">{notice}</Text>}
      </Group>
    </Stack>
  );
}
