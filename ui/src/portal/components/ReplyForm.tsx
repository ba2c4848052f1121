import { Button, Group, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../portal-api';
import { fieldErrors } from '../problem';
import { FilePicker, uploadAll } from './FilePicker';
import { PortalAlert, PortalNotice } from './PortalAlert';

/** The customer's reply: text and files (uploaded first, then linked by `attachmentIds`). */
export function ReplyForm({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [empty, setEmpty] = useState(false);
  const send = useMutation({
    mutationFn: async () => portalApi.reply(ticketId, text.trim(), await uploadAll(files)),
    onSuccess: () => {
      setText('');
      setFiles([]);
      void client.invalidateQueries({ queryKey: ['ticket', ticketId] });
    },
  });
  const errors = fieldErrors(t, send.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setEmpty(!text.trim());
    if (text.trim()) send.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="reply-form">
      <Stack gap="xs">
        <PortalAlert error={errors.bodyText ? null : send.error} />
        {send.isSuccess && <PortalNotice testId="reply-sent">{t('portal.reply.sent')}</PortalNotice>}
        <Textarea label={t('portal.reply.label')} autosize minRows={3} maxRows={12} value={text} data-testid="reply-text"
          onChange={(e) => { setText(e.currentTarget.value); send.reset(); }} error={empty ? t('portal.reply.empty') : errors.bodyText} />
        <FilePicker files={files} onChange={setFiles} />
        <Group justify="flex-end">
          <Button type="submit" loading={send.isPending} data-testid="reply-send">{t('portal.reply.send')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
