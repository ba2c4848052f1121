import { Button, Group, Select, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorsUnder, type FieldErrors } from '../admin/problem';
import { BOT_LANGUAGES, INTENT_ACTIONS, type IntentAction, type IntentDraft } from './bot-api';
import { ExamplesEditor } from './ExamplesEditor';

type Props = { draft: IntentDraft; onChange: (d: IntentDraft) => void; onSubmit: () => void; errors: FieldErrors; saving: boolean; submitLabel: string };

/** The intent's fields; server field errors (422 `errors[].path`) are shown at their inputs. */
export function IntentForm({ draft, onChange, onSubmit, errors, saving, submitLabel }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof IntentDraft>(key: K, v: IntentDraft[K]) => onChange({ ...draft, [key]: v });
  const submit = (e: FormEvent) => { e.preventDefault(); onSubmit(); };
  return (
    <form onSubmit={submit} noValidate data-testid="bot-intent-form">
      <Stack maw={720}>
        <TextInput label={t('bot.editor.name')} description={t('bot.editor.nameHelp')} value={draft.name} withAsterisk
          onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} data-testid="bot-intent-name" />
        <Select label={t('bot.editor.language')} description={t('bot.editor.languageHelp')} value={draft.language} allowDeselect={false}
          data={BOT_LANGUAGES.map((l) => ({ value: l, label: t(`bot.languages.${l}`) }))}
          onChange={(v) => v && set('language', v)} error={errors.language} data-testid="bot-intent-language" />
        <ExamplesEditor value={draft.examples} onChange={(v) => set('examples', v)} errors={errorsUnder(errors, 'examples')} />
        <Textarea label={t('bot.editor.answer')} description={t('bot.editor.answerHelp')} value={draft.answer} withAsterisk autosize minRows={3}
          onChange={(e) => set('answer', e.currentTarget.value)} error={errors.answer} data-testid="bot-intent-answer" />
        <Select label={t('bot.editor.action')} description={t('bot.editor.actionHelp')} value={draft.action ?? 'none'} allowDeselect={false}
          data={['none', ...INTENT_ACTIONS].map((a) => ({ value: a, label: t(`bot.action.${a}`) }))}
          onChange={(v) => set('action', !v || v === 'none' ? null : (v as IntentAction))} error={errors.action} data-testid="bot-intent-action" />
        <Switch label={t('bot.editor.enabled')} checked={draft.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)}
          error={errors.enabled} data-testid="bot-intent-enabled" />
        <Group>
          <Button type="submit" loading={saving} data-testid="bot-intent-save">{submitLabel}</Button>
        </Group>
      </Stack>
    </form>
  );
}
