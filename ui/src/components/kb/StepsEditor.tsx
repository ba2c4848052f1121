import { ActionIcon, Button, FileButton, Group, Image, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadKbFile } from './kb-api';
import type { TutorialStep } from './kb-types';
import { KbRichEditor } from './KbRichEditor';
import { StepCheckEditor } from './StepCheckEditor';

/** A step while editing: a local key keeps each step's editor when steps move. */
export type EditStep = TutorialStep & { key: string };
let counter = 0;
export const withKeys = (steps: TutorialStep[] | null): EditStep[] => (steps ?? []).map((s) => ({ ...s, key: `s${++counter}` }));
export const withoutKeys = (steps: EditStep[]): TutorialStep[] => steps.map(({ key: _key, ...s }) => s);
const blank = (): EditStep => ({ key: `s${++counter}`, title: '', bodyHtml: '', imageUrl: null, check: null });

type Props = { steps: EditStep[]; onChange: (steps: EditStep[]) => void; errors: Record<string, string> };

/** The ordered steps of a tutorial: title, text, image and an optional check question; add, remove, move. */
export function StepsEditor({ steps, onChange, errors }: Props) {
  const { t } = useTranslation();
  const [uploadError, setUploadError] = useState<string | null>(null);
  const patch = (i: number, change: Partial<TutorialStep>) => onChange(steps.map((s, j) => (j === i ? { ...s, ...change } : s)));
  const move = (i: number, to: number) => {
    const next = [...steps];
    const [s] = next.splice(i, 1);
    next.splice(to, 0, s!);
    onChange(next);
  };
  const image = (i: number, file: File | null) => {
    if (!file) return;
    setUploadError(null);
    uploadKbFile(file).then((f) => patch(i, { imageUrl: f.url }), (err: Error) => setUploadError(err.message));
  };
  return (
    <Stack data-testid="kb-steps">
      <Title order={4}>{t('kb.steps.title')}</Title>
      {errors.steps && <Text size="sm" c="red.8" role="alert">{errors.steps}</Text>}
      {uploadError && <Text size="sm" c="red.8" role="alert">{t('kb.editor.uploadFailed', { message: uploadError })}</Text>}
      {steps.length === 0 && <Text c="gray.7" size="sm">{t('kb.steps.empty')}</Text>}
      {steps.map((s, i) => {
        const err = (path: string) => errors[`steps.${i}.${path}`];
        const n = i + 1;
        return (
          <Paper key={s.key} withBorder p="sm" data-testid="kb-step">
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap">
                <Text fw={700}>{t('kb.steps.step', { n })}</Text>
                <Group gap={4} wrap="nowrap">
                  <ActionIcon variant="subtle" color="dark" disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('kb.steps.up', { n })}>↑</ActionIcon>
                  <ActionIcon variant="subtle" color="dark" disabled={i === steps.length - 1} onClick={() => move(i, i + 1)} aria-label={t('kb.steps.down', { n })}>↓</ActionIcon>
                  <Button size="xs" color="red" variant="subtle" onClick={() => onChange(steps.filter((_, j) => j !== i))} aria-label={t('kb.steps.remove', { n })}>{t('admin.common.delete')}</Button>
                </Group>
              </Group>
              <TextInput label={t('kb.steps.stepTitle')} value={s.title} onChange={(e) => patch(i, { title: e.currentTarget.value })} error={err('title')} data-testid="kb-step-title" />
              <KbRichEditor key={s.key} label={t('kb.steps.text', { n })} initial={s.bodyHtml} onChange={(html) => patch(i, { bodyHtml: html })}
                testId="kb-step-text" compact error={err('bodyHtml')} />
              <Group gap="xs" align="center">
                {s.imageUrl && <Image src={s.imageUrl} alt={t('kb.steps.imageAlt', { n })} h={80} w="auto" fit="contain" radius="sm" />}
                <FileButton accept="image/*" onChange={(f) => image(i, f)} inputProps={{ 'data-testid': 'kb-step-image-input', 'aria-label': t('kb.steps.image', { n }) } as object}>
                  {(props) => <Button {...props} size="xs" variant="default">{s.imageUrl ? t('kb.steps.replaceImage') : t('kb.steps.addImage')}</Button>}
                </FileButton>
                {s.imageUrl && <Button size="xs" variant="subtle" color="red" onClick={() => patch(i, { imageUrl: null })}>{t('kb.steps.removeImage')}</Button>}
              </Group>
              <StepCheckEditor value={s.check} onChange={(check) => patch(i, { check })} index={i} errors={err} />
            </Stack>
          </Paper>
        );
      })}
      <Group><Button variant="light" onClick={() => onChange([...steps, blank()])} data-testid="kb-add-step">{t('kb.steps.add')}</Button></Group>
    </Stack>
  );
}
