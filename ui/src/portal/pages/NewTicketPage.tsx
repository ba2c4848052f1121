import { Button, Grid, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { FilePicker, uploadAll } from '../components/FilePicker';
import { HelpBox } from '../components/HelpBox';
import { PortalAlert } from '../components/PortalAlert';
import classes from '../components/portal.module.css';
import { portalApi } from '../portal-api';
import { fieldErrors } from '../problem';

/** POST /tickets with the first message and its files; opens the new ticket. */
export function NewTicketPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const create = useMutation({
    mutationFn: async () => portalApi.createTicket(subject.trim(), message.trim(), await uploadAll(files)),
    onSuccess: (ticket) => {
      void client.invalidateQueries({ queryKey: ['tickets'] });
      void navigate(`/tickets/${ticket.id}`);
    },
  });
  const raw = fieldErrors(t, create.error);
  // The message's own errors come as `message.bodyText` (or `message` when it is missing).
  const errors = { subject: raw.subject, message: raw.message };
  const required = t('portal.errors.fields.required');
  const [tried, setTried] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (subject.trim() && message.trim()) create.mutate();
  };
  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <form onSubmit={submit} noValidate data-testid="new-ticket-form">
          <Stack>
            <h1 className={classes.h1} style={{ margin: 0 }}>{t('portal.newTicket.title')}</h1>
            <Text size="sm" c="gray.8">{t('portal.newTicket.hint')}</Text>
            <PortalAlert error={errors.subject || errors.message ? null : create.error} />
            <TextInput label={t('portal.newTicket.subject')} required value={subject} onChange={(e) => setSubject(e.currentTarget.value)}
              error={tried && !subject.trim() ? required : errors.subject} data-testid="new-subject" />
            <Textarea label={t('portal.newTicket.message')} required autosize minRows={5} maxRows={16} value={message}
              onChange={(e) => setMessage(e.currentTarget.value)} error={tried && !message.trim() ? required : errors.message} data-testid="new-message" />
            <FilePicker files={files} onChange={setFiles} />
            <Group justify="flex-end">
              <Button component={Link} to="/" variant="default">{t('portal.common.cancel')}</Button>
              <Button type="submit" loading={create.isPending} data-testid="new-submit">{t('portal.newTicket.submit')}</Button>
            </Group>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <HelpBox />
      </Grid.Col>
    </Grid>
  );
}
