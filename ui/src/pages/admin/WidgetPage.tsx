import { Alert, Button, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson } from '../../api';
import { fieldErrorsOf } from '../../components/admin/problem';
import { ProblemAlert } from '../../components/admin/ProblemAlert';
import { EmbedSnippet } from '../../components/widget-admin/EmbedSnippet';
import { IdentitySecret } from '../../components/widget-admin/IdentitySecret';
import { WidgetPreview } from '../../components/widget-admin/WidgetPreview';
import { WidgetSettingsForm } from '../../components/widget-admin/WidgetSettingsForm';
import { valuesOf, type WidgetSettings, type WidgetValues } from '../../components/widget-admin/widget-types';

const KEY = ['admin', 'widget-settings'];

/** The web widget: settings with a live preview of the unsaved draft, the embed code, identity verification. */
export function WidgetPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: KEY, queryFn: () => getJson<WidgetSettings>('/widget/settings') });
  const [draft, setDraft] = useState<WidgetValues | null>(null);
  const [formKey, setFormKey] = useState(0);
  const save = useMutation({
    mutationFn: (v: WidgetValues) => api<WidgetSettings>('/widget/settings', { method: 'PUT', body: { ...v, version: settings.data?.version } }),
    onSuccess: (r) => { client.setQueryData(KEY, r.body); setDraft(null); },
  });
  // A new edit clears the last save's outcome.
  useEffect(() => { if (draft) save.reset(); }, [draft]);

  if (settings.isPending) return <Loader aria-label={t('widgetAdmin.loading')} />;
  if (settings.error) return <ProblemAlert error={settings.error} />;
  const values = draft ?? valuesOf(settings.data);
  const reload = () => { setDraft(null); setFormKey((k) => k + 1); void settings.refetch(); save.reset(); };

  return (
    <Stack data-testid="admin-widget">
      <Title order={2}>{t('widgetAdmin.title')}</Title>
      <Text c="gray.7">{t('widgetAdmin.intro')}</Text>
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <WidgetSettingsForm key={formKey} values={values} onChange={setDraft} errors={fieldErrorsOf(save.error)} />
            {draft && <Alert color="blue" role="status">{t('widgetAdmin.unsaved')}</Alert>}
            <ProblemAlert error={save.error} onReload={reload} />
            {save.isSuccess && <Text size="sm" fw={600} role="status">{t('widgetAdmin.saved')}</Text>}
            <Group>
              <Button onClick={() => save.mutate(values)} loading={save.isPending} disabled={!draft} data-testid="widget-save">{t('widgetAdmin.save')}</Button>
              <Button variant="default" onClick={reload} disabled={!draft}>{t('widgetAdmin.reset')}</Button>
            </Group>
            <EmbedSnippet />
            <IdentitySecret settings={settings.data} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <div style={{ position: 'sticky', top: 16 }}><WidgetPreview values={values} /></div>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
