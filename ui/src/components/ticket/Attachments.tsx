import { Anchor, Group, Image, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Icon } from './composer/icons';
import { attachmentUrl } from './queries';
import type { AttachmentRef } from './types';

const isImage = (a: AttachmentRef) => /^image\/(png|jpeg|gif|webp)$/.test(a.contentType);

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An entry's files: download links, and thumbnails for images (unless the body already shows them inline). */
export function Attachments({ items, bodyHtml }: { items: AttachmentRef[]; bodyHtml: string }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  const thumbs = items.filter((a) => isImage(a) && !bodyHtml.includes(attachmentUrl(a.id)));
  return (
    <Stack gap={4} mt="xs" data-testid="entry-attachments">
      {thumbs.length > 0 && (
        <Group gap="xs">
          {thumbs.map((a) => (
            <Anchor key={a.id} href={attachmentUrl(a.id)} download={a.filename} aria-label={t('ticket.attachments.download', { name: a.filename })}>
              <Image src={attachmentUrl(a.id)} alt={a.filename} h={80} w="auto" fit="contain" radius="sm" />
            </Anchor>
          ))}
        </Group>
      )}
      {items.map((a) => (
        <Text key={a.id} size="sm">
          <Anchor href={attachmentUrl(a.id)} download={a.filename} data-testid="attachment-link"><Icon name="attach" size={12} /> {a.filename}</Anchor>{' '}
          <Text span c="dimmed" size="xs">({size(a.size)})</Text>
        </Text>
      ))}
    </Stack>
  );
}
