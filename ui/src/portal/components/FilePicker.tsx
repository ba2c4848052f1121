import { Button, CloseButton, FileButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { uploadAttachment } from '../../components/ticket/upload';

/** Upload picked files (POST /attachments) and answer their ids, for `attachmentIds` of the message. */
export async function uploadAll(files: File[]): Promise<number[]> {
  const ids: number[] = [];
  for (const file of files) ids.push((await uploadAttachment(file)).id);
  return ids;
}

/** Files chosen for a message: add by button, remove each; uploaded only when the message is sent. */
export function FilePicker({ files, onChange }: { files: File[]; onChange: (files: File[]) => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      {files.map((f, i) => (
        <Group key={`${f.name}-${i}`} gap={4} data-testid="picked-file">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{f.name}</Text>
          <CloseButton size="sm" aria-label={t('portal.reply.remove', { name: f.name })} onClick={() => onChange(files.filter((_, j) => j !== i))} />
        </Group>
      ))}
      <FileButton multiple onChange={(picked) => onChange([...files, ...picked])}>
        {(props) => <Button {...props} variant="default" size="xs" style={{ alignSelf: 'flex-start' }} data-testid="attach-files">{t('portal.reply.attach')}</Button>}
      </FileButton>
    </Stack>
  );
}
