import { Alert, Anchor, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../../api';
import { DeleteButton } from '../admin/DeleteButton';
import { fieldErrorsOf, unclaimed } from '../admin/problem';
import { ProblemAlert } from '../admin/ProblemAlert';
import { changedFields, emptyDraft, intentKeys, useIntent, type Intent, type IntentDraft } from './bot-api';
import { IntentForm } from './IntentForm';

const FIELDS = ['name', 'language', 'examples', 'answer', 'action', 'enabled'];
const LIST = '/admin/chatbot';

const draftOf = (i: Intent): IntentDraft => ({ name: i.name, language: i.language, examples: i.examples, answer: i.answer, action: i.action, enabled: i.enabled });

function BackLink() {
  const { t } = useTranslation();
  return <Anchor component={Link} to={LIST} size="sm">← {t('bot.editor.back')}</Anchor>;
}

/** A new intent: POST the whole draft; on success open it in the editor. */
export function NewIntent() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<IntentDraft>(emptyDraft);
  const create = useMutation({
    mutationFn: () => api<Intent>('/bot/intents', { method: 'POST', body: draft }),
    onSuccess: ({ body }) => {
      qc.setQueryData(intentKeys.one(body.id), body);
      void qc.invalidateQueries({ queryKey: intentKeys.all });
      void navigate(`${LIST}/intents/${body.id}`, { replace: true });
    },
  });
  const errors = fieldErrorsOf(create.error);
  return (
    <Stack data-testid="bot-intent-new">
      <BackLink />
      <Title order={2}>{t('bot.editor.newTitle')}</Title>
      <ProblemAlert error={create.error} extra={unclaimed(errors, FIELDS)} />
      <IntentForm draft={draft} onChange={setDraft} onSubmit={() => create.mutate()} errors={errors} saving={create.isPending} submitLabel={t('bot.editor.create')} />
    </Stack>
  );
}

/** An existing intent: PATCH only the changed fields with `version`; a 409 offers to reload the fresh intent. */
export function EditIntent({ id }: { id: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const intent = useIntent(id);
  const [draft, setDraft] = useState<IntentDraft | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => { if (intent.data && !draft) setDraft(draftOf(intent.data)); }, [intent.data, draft]);
  const save = useMutation({
    mutationFn: (d: IntentDraft) => api<Intent>(`/bot/intents/${id}`, { method: 'PATCH', body: { ...changedFields(intent.data!, d), version: intent.data!.version } }),
    onSuccess: ({ body }) => {
      qc.setQueryData(intentKeys.one(id), body);
      void qc.invalidateQueries({ queryKey: intentKeys.all, exact: true });
      setDraft(draftOf(body));
      setSaved(true);
    },
  });
  const reload = async () => {
    const fresh = await intent.refetch();
    if (fresh.data) setDraft(draftOf(fresh.data));
    save.reset();
  };
  if (intent.error) {
    const gone = intent.error instanceof ApiError && intent.error.status === 404;
    return <Stack><BackLink /><Alert color="red" role="alert">{gone ? t('bot.editor.notFound') : t('bot.editor.loadError', { message: intent.error.message })}</Alert></Stack>;
  }
  if (!intent.data || !draft) return <Loader aria-label={t('admin.common.loading')} />;
  const errors = fieldErrorsOf(save.error);
  const onSubmit = () => {
    setSaved(false);
    if (Object.keys(changedFields(intent.data!, draft)).length === 0) { setSaved(true); return; }
    save.mutate(draft);
  };
  return (
    <Stack data-testid="bot-intent-edit">
      <BackLink />
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('bot.editor.editTitle', { name: intent.data.name })}</Title>
        <DeleteButton path={`/bot/intents/${id}`} name={intent.data.name} onDeleted={() => {
          qc.removeQueries({ queryKey: intentKeys.one(id) });
          void qc.invalidateQueries({ queryKey: intentKeys.all });
          void navigate(LIST);
        }} />
      </Group>
      <ProblemAlert error={save.error} extra={unclaimed(errors, FIELDS)} onReload={() => void reload()} />
      {saved && !save.error && <Text c="teal.9" role="status" data-testid="bot-intent-saved">{t('bot.editor.saved')}</Text>}
      <IntentForm draft={draft} onChange={(d) => { setDraft(d); setSaved(false); }} onSubmit={onSubmit} errors={errors} saving={save.isPending} submitLabel={t('bot.editor.save')} />
    </Stack>
  );
}
