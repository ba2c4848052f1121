import { ActionIcon, Button, Group, Radio, Stack, Switch, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TutorialCheck } from './kb-types';

type Props = { value: TutorialCheck | null; onChange: (v: TutorialCheck | null) => void; index: number; errors: (path: string) => string | undefined };

/** The optional check question of a tutorial step: the question, its options and which one is right. */
export function StepCheckEditor({ value, onChange, index, errors }: Props) {
  const { t } = useTranslation();
  const n = index + 1;
  const setOption = (i: number, text: string) => value && onChange({ ...value, options: value.options.map((o, j) => (j === i ? text : o)) });
  const removeOption = (i: number) => value && onChange({
    ...value,
    options: value.options.filter((_, j) => j !== i),
    correctIndex: value.correctIndex === i ? 0 : value.correctIndex > i ? value.correctIndex - 1 : value.correctIndex,
  });
  return (
    <Stack gap="xs">
      <Switch label={t('kb.steps.withCheck')} checked={value !== null} data-testid="kb-step-check-toggle"
        onChange={(e) => onChange(e.currentTarget.checked ? { question: '', options: ['', ''], correctIndex: 0 } : null)} />
      {value && (
        <Stack gap="xs" pl="md">
          <TextInput label={t('kb.steps.question', { n })} value={value.question} onChange={(e) => onChange({ ...value, question: e.currentTarget.value })}
            error={errors('check.question')} data-testid="kb-step-question" />
          <Radio.Group label={t('kb.steps.options')} description={t('kb.steps.optionsHelp')} value={String(value.correctIndex)}
            onChange={(v) => onChange({ ...value, correctIndex: Number(v) })} error={errors('check.options') ?? errors('check.correctIndex')}>
            <Stack gap={4} mt={4}>
              {value.options.map((o, i) => (
                <Group key={i} gap="xs" wrap="nowrap">
                  <Radio value={String(i)} aria-label={t('kb.steps.correct', { n: i + 1 })} data-testid="kb-step-correct" />
                  <TextInput value={o} onChange={(e) => setOption(i, e.currentTarget.value)} aria-label={t('kb.steps.option', { n: i + 1 })}
                    style={{ flex: 1 }} error={errors(`check.options.${i}`)} data-testid="kb-step-option" />
                  <ActionIcon variant="subtle" color="red" disabled={value.options.length <= 2} onClick={() => removeOption(i)}
                    aria-label={t('kb.steps.removeOption', { n: i + 1 })}>×</ActionIcon>
                </Group>
              ))}
            </Stack>
          </Radio.Group>
          <Group><Button size="xs" variant="subtle" onClick={() => onChange({ ...value, options: [...value.options, ''] })}>{t('kb.steps.addOption')}</Button></Group>
        </Stack>
      )}
    </Stack>
  );
}
