import { Alert, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useParams } from 'react-router';
import { EditIntent, NewIntent } from '../../components/bot/IntentEditor';
import { IntentList } from '../../components/bot/IntentList';

/**
 * Admin console › Chatbot (bot:manage): the intents list and editor. No "try it" box: only customers may start a
 * conversation (POST /bot/conversations answers staff with 400). The bot report is on the Stats page.
 */
export function ChatbotPage() {
  return (
    <div data-testid="bot-admin">
      <Routes>
        <Route index element={<ChatbotHome />} />
        <Route path="intents/new" element={<NewIntent />} />
        <Route path="intents/:id" element={<EditRoute />} />
      </Routes>
    </div>
  );
}

function EditRoute() {
  const id = Number(useParams().id);
  return <EditIntent key={id} id={id} />;
}

function ChatbotHome() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t('bot.title')}</Title>
      <Text c="gray.7">{t('bot.intro')}</Text>
      <IntentList />
      <Alert color="blue" variant="light" mt="md" data-testid="bot-no-try">{t('bot.noTryBox')}</Alert>
    </Stack>
  );
}
