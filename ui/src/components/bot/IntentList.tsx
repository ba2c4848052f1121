import { Alert, Anchor, Button, Group, Loader, ScrollArea, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DeleteButton } from '../admin/DeleteButton';
import { intentKeys, useIntents } from './bot-api';

/** Every intent: name (opens the editor), language, examples, action (hidden below 48 em), enabled; delete with a confirmation. */
export function IntentList() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const intents = useIntents();
  const refresh = () => qc.invalidateQueries({ queryKey: intentKeys.all });
  return (
    <>
      <Group justify="space-between">
        <Title order={3} size="h4">{t('bot.list.title')}</Title>
        <Button component={Link} to="/admin/chatbot/intents/new" size="sm" data-testid="bot-new-intent">{t('bot.list.new')}</Button>
      </Group>
      {intents.error && <Alert color="red" role="alert">{t('bot.list.error', { message: intents.error.message })}</Alert>}
      {intents.isPending && <Loader aria-label={t('admin.common.loading')} />}
      {intents.data?.items.length === 0 && <Text c="gray.7" data-testid="bot-intents-empty">{t('bot.list.empty')}</Text>}
      {!!intents.data?.items.length && (
        <ScrollArea>
          <Table striped data-testid="bot-intents">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('bot.list.name')}</Table.Th>
                <Table.Th visibleFrom="sm">{t('bot.list.language')}</Table.Th>
                <Table.Th visibleFrom="sm">{t('bot.list.examples')}</Table.Th>
                <Table.Th visibleFrom="sm">{t('bot.list.action')}</Table.Th>
                <Table.Th>{t('bot.list.enabled')}</Table.Th>
                <Table.Th><VisuallyHidden>{t('admin.common.actions')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {intents.data.items.map((intent) => (
                <Table.Tr key={intent.id} data-testid="bot-intent-row">
                  <Table.Td><Anchor component={Link} to={`/admin/chatbot/intents/${intent.id}`}>{intent.name}</Anchor></Table.Td>
                  <Table.Td visibleFrom="sm">{t(`bot.languages.${intent.language}`, { defaultValue: intent.language })}</Table.Td>
                  <Table.Td visibleFrom="sm">{t('bot.list.examplesCount', { count: intent.examples.length })}</Table.Td>
                  <Table.Td visibleFrom="sm">{t(`bot.action.${intent.action ?? 'none'}`)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600} c={intent.enabled ? 'teal.9' : 'gray.7'}>{intent.enabled ? t('bot.list.on') : t('bot.list.off')}</Text>
                  </Table.Td>
                  <Table.Td><DeleteButton path={`/bot/intents/${intent.id}`} name={intent.name} onDeleted={refresh} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </>
  );
}
