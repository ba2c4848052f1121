import { Alert, Button, Group, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../format';
import { AuthorName } from '../AuthorName';
import type { CollisionEntry } from '../types';

type Props = { entries: CollisionEntry[]; onSendAnyway: () => void; onCancel: () => void; sending: boolean };

/** Someone answered while this reply was being written: show what came in, then let the agent decide. */
export function CollisionWarning({ entries, onSendAnyway, onCancel, sending }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Alert color="orange" title={t('composer.collision.title')} data-testid="reply-collision">
      <Text size="sm" mb="xs">{t('composer.collision.body')}</Text>
      <List size="sm" mb="sm">
        {entries.map((e) => (
          <List.Item key={e.id}>
            {t(`ticket.kinds.${e.kind}`, { defaultValue: e.kind })} · <AuthorName author={e.author} /> · {fmt.dateTime(e.createdAt)}
          </List.Item>
        ))}
      </List>
      <Group gap="xs">
        <Button size="xs" color="orange" onClick={onSendAnyway} loading={sending}>{t('composer.collision.sendAnyway')}</Button>
        <Button size="xs" variant="default" onClick={onCancel}>{t('composer.collision.cancel')}</Button>
      </Group>
    </Alert>
  );
}
