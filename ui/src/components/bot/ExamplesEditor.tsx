import { ActionIcon, Button, Group, Input, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../admin/problem';

type Props = { value: string[]; onChange: (v: string[]) => void; errors: FieldErrors };

/** Example phrases as an editable list: each row can be changed or removed; new ones are typed below and added. */
export function ExamplesEditor({ value, onChange, errors }: Props) {
  const { t } = useTranslation();
  const [next, setNext] = useState('');
  const add = () => {
    const text = next.trim();
    if (!text) return;
    onChange([...value, text]);
    setNext('');
  };
  return (
    <Input.Wrapper label={t('bot.editor.examples')} description={t('bot.editor.examplesHelp')} error={errors['']} data-testid="bot-examples" withAsterisk labelElement="div">
      <Stack gap={6} mt={6} role="group" aria-label={t('bot.editor.examples')}>
        {value.length === 0 && <Text size="sm" c="gray.7">{t('bot.editor.noExamples')}</Text>}
        {value.map((example, i) => (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
            <TextInput
              style={{ flex: 1 }}
              aria-label={t('bot.editor.example', { n: i + 1 })}
              value={example}
              error={errors[String(i)]}
              onChange={(e) => onChange(value.map((v, j) => (j === i ? e.currentTarget.value : v)))}
              data-testid="bot-example"
            />
            <ActionIcon variant="subtle" color="red.8" size="lg" aria-label={t('bot.editor.removeExample', { n: i + 1 })} onClick={() => onChange(value.filter((_, j) => j !== i))} data-testid="bot-example-remove">
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group gap="xs" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            aria-label={t('bot.editor.newExample')}
            placeholder={t('bot.editor.newExample')}
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } }}
            data-testid="bot-example-new"
          />
          <Button variant="light" onClick={add} disabled={!next.trim()} data-testid="bot-example-add">{t('bot.editor.addExample')}</Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
