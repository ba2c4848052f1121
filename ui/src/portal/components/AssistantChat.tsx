import { Box, Button, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { portalApi, type BotReply } from '../portal-api';
import { BotMessage } from './BotMessage';
import { PortalAlert } from './PortalAlert';

type Line = { from: 'customer' | 'bot'; text: string; reply?: BotReply };

/** A conversation with the chatbot; "talk to a human" turns it into a ticket (with the conversation) and opens it. */
export function AssistantChat() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [lines, setLines] = useState<Line[]>([]);
  const [text, setText] = useState('');
  const start = useMutation({
    mutationFn: () => portalApi.startBot(i18n.resolvedLanguage ?? 'en'),
    onSuccess: (c) => setLines([{ from: 'bot', text: c.greeting }]),
  });
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start.mutate();
  }, [start]);
  const conversationId = start.data?.id;
  const ask = useMutation({
    mutationFn: (question: string) => portalApi.askBot(conversationId!, question),
    onMutate: (question) => setLines((l) => [...l, { from: 'customer', text: question }]),
    onSuccess: ({ reply }) => setLines((l) => [...l, { from: 'bot', text: reply.text, reply }]),
  });
  const feedback = useMutation({ mutationFn: (helpful: boolean) => portalApi.botFeedback(conversationId!, helpful) });
  const handover = useMutation({
    mutationFn: () => portalApi.handover(conversationId!, lines.find((l) => l.from === 'customer')?.text.slice(0, 200) || t('portal.assistant.title')),
    onSuccess: ({ ticketId }) => {
      void client.invalidateQueries({ queryKey: ['tickets'] });
      void navigate(`/tickets/${ticketId}`);
    },
  });
  const send = (question: string) => {
    if (question.trim() && conversationId) ask.mutate(question.trim());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send(text);
    setText('');
  };
  if (start.isPending) return <Loader size="sm" aria-label={t('portal.common.loading')} />;
  if (start.isError) return <Text size="sm" c="red.8" role="alert" data-testid="assistant-unavailable">{t('portal.assistant.unavailable')}</Text>;
  const lastReply = lines.at(-1)?.reply;
  return (
    <Stack gap="xs" data-testid="assistant">
      <Text fw={600} size="sm">{t('portal.assistant.title')}</Text>
      <Stack gap="xs" aria-live="polite" data-testid="assistant-log">
        {lines.map((line, i) => (
          <Box key={i} p="xs" bg={line.from === 'bot' ? 'gray.0' : 'blue.0'} style={{ borderRadius: 6 }}>
            <Text size="xs" fw={600} c="gray.8">{line.from === 'bot' ? t('portal.assistant.bot') : t('portal.assistant.you')}</Text>
            {line.reply ? <BotMessage reply={line.reply} onOption={send} /> : <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{line.text}</Text>}
          </Box>
        ))}
        {ask.isPending && <Loader size="xs" aria-label={t('portal.common.loading')} />}
      </Stack>
      {lastReply?.kind === 'answer' && !feedback.isSuccess && (
        <Group gap={4}>
          <Button size="compact-sm" variant="light" color="green" onClick={() => feedback.mutate(true)}>{t('portal.assistant.helpful')}</Button>
          <Button size="compact-sm" variant="light" color="gray" onClick={() => feedback.mutate(false)}>{t('portal.assistant.notHelpful')}</Button>
        </Group>
      )}
      {feedback.isSuccess && feedback.variables && <Text size="sm" role="status">{t('portal.assistant.thanks')}</Text>}
      <PortalAlert error={ask.error ?? handover.error} />
      <form onSubmit={submit}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput style={{ flex: 1 }} label={t('portal.assistant.input')} value={text} onChange={(e) => setText(e.currentTarget.value)} data-testid="assistant-input" />
          <Button type="submit" loading={ask.isPending} data-testid="assistant-send">{t('portal.assistant.send')}</Button>
        </Group>
      </form>
      <Button variant={lastReply?.offerHuman ? 'filled' : 'subtle'} onClick={() => handover.mutate()} loading={handover.isPending}
        disabled={!lines.some((l) => l.from === 'customer')} data-testid="talk-to-human">
        {handover.isPending ? t('portal.assistant.handingOver') : t('portal.assistant.human')}
      </Button>
    </Stack>
  );
}
