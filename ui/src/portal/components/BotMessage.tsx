import { Anchor, Blockquote, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BotReply } from '../portal-api';

/** One answer of the assistant: its text, the passage it found, article links and clarifying choices. */
export function BotMessage({ reply, onOption }: { reply: BotReply; onOption: (label: string) => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6} data-testid="bot-reply" data-kind={reply.kind}>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{reply.text}</Text>
      {reply.passage && (
        <Blockquote p="xs" color="blue" cite={t('portal.assistant.passage')} data-testid="bot-passage">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{reply.passage}</Text>
        </Blockquote>
      )}
      {reply.articles.length > 0 && (
        <Stack gap={2}>
          <Text size="xs" fw={600}>{t('portal.assistant.articles')}</Text>
          {reply.articles.map((a) => <Anchor key={a.articleId} href={a.url} size="sm" data-testid="bot-article">{a.title}</Anchor>)}
        </Stack>
      )}
      {reply.options.length > 0 && (
        <Stack gap={4}>
          <Text size="xs" fw={600}>{t('portal.assistant.clarify')}</Text>
          <Group gap={4}>
            {reply.options.map((o) => (
              <Button key={o.label} size="compact-sm" variant="light" onClick={() => onOption(o.label)} data-testid="bot-option">{o.label}</Button>
            ))}
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
