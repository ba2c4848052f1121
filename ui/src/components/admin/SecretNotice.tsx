import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { contrast } from './contrast';

type Props = { secret: string | null; title: string; onClose: () => void };

/** A secret (API key, webhook signing secret) that the API shows only once: copy it now. */
export function SecretNotice({ secret, title, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal className={contrast} opened={secret !== null} onClose={onClose} title={title} size="lg">
      <Stack>
        <Alert color="yellow">{t('admin.common.secretOnce')}</Alert>
        <Code block data-testid="secret-value" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{secret}</Code>
        <Group justify="space-between">
          <CopyButton value={secret ?? ''}>
            {({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? t('admin.common.copied') : t('admin.common.copy')}</Button>}
          </CopyButton>
          <Button onClick={onClose} data-testid="secret-close">{t('admin.common.storedIt')}</Button>
        </Group>
        <Text size="xs" c="gray.7">{t('admin.common.secretHelp')}</Text>
      </Stack>
    </Modal>
  );
}
