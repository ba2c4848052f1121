import { Button, Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format';

type Props = {
  total: number | null;
  modified: boolean;
  canUpdate: boolean;
  updating: boolean;
  onSaveAs: () => void;
  onUpdate: () => void;
  onHelp: () => void;
};

/** Title, how many tickets match, and the view actions (save as, save changes) plus the shortcut help. */
export function QueueToolbar({ total, modified, canUpdate, updating, onSaveAs, onUpdate, onHelp }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Group justify="space-between" gap="xs">
      <Group gap="sm" align="baseline">
        <Title order={2}>{t('queue.title')}</Title>
        {/* The view's name is marked in the sidebar (or the select on phones); here what it shows now. */}
        <Text c="gray.7" size="sm" data-testid="queue-total">
          {total !== null ? t('queue.total', { count: total, n: fmt.number(total) }) : ''}
          {modified ? ` · ${t('queue.views.modified')}` : ''}
        </Text>
      </Group>
      <Group gap="xs">
        {modified && canUpdate && <Button size="xs" variant="default" onClick={onUpdate} loading={updating} data-testid="view-update">{t('queue.views.update')}</Button>}
        <Button size="xs" variant="default" onClick={onSaveAs} data-testid="view-save-as">{t('queue.views.saveAs')}</Button>
        <Button size="xs" variant="subtle" color="blue.9" c="blue.9" onClick={onHelp} aria-label={t('queue.shortcuts.title')}>?</Button>
      </Group>
    </Group>
  );
}
