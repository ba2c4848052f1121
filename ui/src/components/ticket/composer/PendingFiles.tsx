import { CloseButton, Group, Loader, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PendingFile } from './useUploads';

/** Files waiting to go out with the message: uploading, ready, or failed (with the reason). */
export function PendingFiles({ files, onRemove }: { files: PendingFile[]; onRemove: (key: string) => void }) {
  const { t } = useTranslation();
  if (!files.length) return null;
  return (
    <Group gap="xs" data-testid="pending-files">
      {files.map((f) => (
        <Paper key={f.key} withBorder px="xs" py={2} bg={f.state === 'failed' ? 'red.0' : undefined} data-state={f.state} data-testid="pending-file">
          <Group gap={6} wrap="nowrap">
            {f.state === 'uploading' && <Loader size={12} aria-label={t('composer.uploading')} />}
            <Text size="sm" maw={220} truncate>{f.name}</Text>
            {f.state === 'failed' && <Text size="xs" c="red.8">{t('composer.uploadFailed', { message: f.error })}</Text>}
            <CloseButton size="sm" aria-label={t('composer.removeFile', { name: f.name })} onClick={() => onRemove(f.key)} />
          </Group>
        </Paper>
      ))}
    </Group>
  );
}
