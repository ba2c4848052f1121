import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, unclaimed } from '../admin/problem';
import { ProblemAlert } from '../admin/ProblemAlert';
import { contrast } from '../admin/contrast';
import { KB_LANGUAGES, type KbNames } from './kb-types';

export type NamesValue = { slug: string; translations: Record<string, { name: string; description: string }> };
type Props = {
  title: string;
  initial: { slug: string; translations: KbNames } | null;
  /** Sends the form; throws ApiError (field errors land at the fields). */
  submit: (value: { slug?: string; translations: Record<string, { name: string; description: string } | null> }) => Promise<unknown>;
  onDone: () => void;
  onClose: () => void;
  onReload: () => void;
};

/** Create or rename a category or section: a name and description per language (empty languages left out). */
export function NamesModal({ title, initial, submit, onDone, onClose, onReload }: Props) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [slug, setSlug] = useState(initial?.slug ?? '');
  const [names, setNames] = useState<NamesValue['translations']>(() =>
    Object.fromEntries(KB_LANGUAGES.map((l) => [l, { name: initial?.translations[l]?.name ?? '', description: initial?.translations[l]?.description ?? '' }])));
  const save = useMutation({
    mutationFn: () => {
      // An emptied language that existed is removed (null: the API's per-language merge); other empty ones are left out.
      const translations = Object.fromEntries(Object.entries(names)
        .filter(([l, v]) => v.name.trim() || initial?.translations[l])
        .map(([l, v]) => [l, v.name.trim() ? { name: v.name.trim(), description: v.description.trim() } : null]));
      return submit({ ...(slug.trim() && slug.trim() !== initial?.slug && { slug: slug.trim() }), translations });
    },
    onSuccess: onDone,
  });
  const errors = fieldErrorsOf(save.error);
  const set = (lang: string, key: 'name' | 'description', v: string) => setNames((n) => ({ ...n, [lang]: { ...n[lang]!, [key]: v } }));
  const known = ['slug', ...KB_LANGUAGES.map((l) => `translations.${l}`), 'translations'];
  const onSubmit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  return (
    <Modal opened onClose={onClose} title={title} size="lg" fullScreen={narrow} className={contrast}>
      <form onSubmit={onSubmit} noValidate data-testid="kb-names-form">
        <Stack>
          <ProblemAlert error={save.error} extra={unclaimed(errors, known)} onReload={onReload} />
          {KB_LANGUAGES.map((l) => (
            <Stack key={l} gap={4}>
              <Text fw={600} size="sm">{t(`kb.languages.${l}`)}</Text>
              <TextInput label={t('kb.structure.name')} value={names[l]!.name} onChange={(e) => set(l, 'name', e.currentTarget.value)}
                error={errors[`translations.${l}.name`] ?? errors[`translations.${l}`]} data-testid={`kb-name-${l}`} required={l === 'en'} />
              <Textarea label={t('kb.structure.description')} value={names[l]!.description} autosize minRows={1}
                onChange={(e) => set(l, 'description', e.currentTarget.value)} error={errors[`translations.${l}.description`]} />
            </Stack>
          ))}
          {errors.translations && <Text size="sm" c="red.8" role="alert">{errors.translations}</Text>}
          <TextInput label={t('kb.structure.slug')} description={t('kb.structure.slugHelp')} value={slug} onChange={(e) => setSlug(e.currentTarget.value)} error={errors.slug} />
          <Group>
            <Button type="submit" loading={save.isPending} data-testid="kb-names-save">{t('admin.common.save')}</Button>
            <Button variant="default" onClick={onClose}>{t('admin.common.cancel')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
