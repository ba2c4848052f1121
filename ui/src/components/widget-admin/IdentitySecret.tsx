import { Button, Code, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useFormat } from '../../format';
import { ProblemAlert } from '../admin/ProblemAlert';
import { SecretNotice } from '../admin/SecretNotice';
import type { WidgetSettings } from './widget-types';

const NODE_SAMPLE = `import { createHmac } from 'node:crypto';

// On your server, for the signed-in user (never in the browser):
const userHash = createHmac('sha256', process.env.LANTERN_WIDGET_SECRET)
  .update(String(user.id))
  .digest('hex');`;

const PAGE_SAMPLE = `<script>
  window.lanternSettings = {
    user: { id: "42", hash: "<userHash from your server>", name: "Ada Lovelace", email: "ada@example.com" }
  };
</script>`;

const WRAP = { whiteSpace: 'pre-wrap', wordBreak: 'break-word' } as const;

/** Identity verification: rotate the secret (shown once) and how a site signs its user ids. */
export function IdentitySecret({ settings }: { settings: WidgetSettings }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const rotate = useMutation({
    mutationFn: () => api<{ secret: string }>('/widget/identity-secret', { method: 'POST' }),
    onSuccess: (r) => { setSecret(r.body.secret); void client.invalidateQueries({ queryKey: ['admin', 'widget-settings'] }); },
  });
  const rotatedAt = settings.identitySecretRotatedAt;
  return (
    <Stack gap="xs">
      <Title order={3}>{t('widgetAdmin.sections.identity')}</Title>
      <Text size="sm" c="gray.7">{t('widgetAdmin.identityHelp')}</Text>
      <Text size="sm" data-testid="widget-secret-state">
        {settings.identitySecretSet && rotatedAt ? t('widgetAdmin.secretSet', { date: format.dateTime(rotatedAt) }) : t('widgetAdmin.secretNone')}
      </Text>
      <Button
        w="fit-content" variant="light" loading={rotate.isPending} data-testid="widget-rotate"
        onClick={() => { if (!settings.identitySecretSet || window.confirm(t('widgetAdmin.rotateConfirm'))) rotate.mutate(); }}
      >
        {settings.identitySecretSet ? t('widgetAdmin.rotateAgain') : t('widgetAdmin.rotate')}
      </Button>
      <ProblemAlert error={rotate.error} />
      <Text size="sm" fw={600}>{t('widgetAdmin.sample')}</Text>
      <Code block style={WRAP}>{NODE_SAMPLE}</Code>
      <Text size="sm" fw={600}>{t('widgetAdmin.sampleSnippet')}</Text>
      <Code block style={WRAP}>{PAGE_SAMPLE}</Code>
      <SecretNotice secret={secret} title={t('widgetAdmin.secretTitle')} onClose={() => setSecret(null)} />
    </Stack>
  );
}
