import { Grid, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { LifecycleSettingsForm, type Sections } from '../../components/admin/LifecycleSettingsForm';
import type { LifecyclePolicy } from '../../components/admin/lifecycle-types';
import { PolicyVersions } from '../../components/admin/PolicyVersions';
import { LifecyclePreviewPanel } from '../../components/admin/preview/LifecyclePreviewPanel';
import { settingsDraft } from '../../components/admin/preview/policy-draft';
import { ProblemAlert } from '../../components/admin/ProblemAlert';

const SECTION_KEYS = ['calendarId', 'warningPercent', 'pending', 'solved', 'survey', 'agentAlerts', 'customerNotifications'] as const;

/** The lifecycle policy: the settings that compile into it (each save publishes a version), a preview and the version history. */
export function LifecyclePage() {
  const { t } = useTranslation();
  const policy = useQuery({ queryKey: ['admin', 'lifecycle', 'current'], queryFn: () => getJson<LifecyclePolicy>('/lifecycle-policies') });
  const [edited, setEdited] = useState<Sections | null>(null);
  const saved = policy.data?.settings;
  // Only an edited form is previewed as a draft; otherwise the version in force is.
  const sameAs = (a: Sections, b: Sections) => SECTION_KEYS.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
  const dirty = saved && edited && !sameAs(saved, edited);
  const draft = dirty && policy.data ? settingsDraft(policy.data.document, edited) : null;
  const calendarId = dirty && edited.calendarId !== saved.calendarId ? edited.calendarId : null;
  return (
    <Stack data-testid="admin-lifecycle">
      <Title order={2}>{t('admin.nav.lifecycle')}</Title>
      <Text c="gray.7">{t('admin.lifecycle.intro')}</Text>
      {policy.isPending ? <Loader aria-label={t('admin.common.loading')} /> : policy.error ? <ProblemAlert error={policy.error} /> : (
        <Grid>
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Text size="sm" mb="xs">{t('admin.lifecycle.inForce', { version: policy.data.policyVersion })}</Text>
            <LifecycleSettingsForm settings={policy.data.settings} onDraft={setEdited} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Stack>
              <LifecyclePreviewPanel draft={draft} calendarId={calendarId} revision={String(policy.data.policyVersion)} />
              <PolicyVersions />
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
