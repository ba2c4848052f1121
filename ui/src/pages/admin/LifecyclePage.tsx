import { Grid, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { LifecycleSettingsForm } from '../../components/admin/LifecycleSettingsForm';
import type { LifecyclePolicy } from '../../components/admin/lifecycle-types';
import { PolicyVersions } from '../../components/admin/PolicyVersions';
import { ProblemAlert } from '../../components/admin/ProblemAlert';

/** The lifecycle policy: the settings that compile into it (each save publishes a version) and the version history. */
export function LifecyclePage() {
  const { t } = useTranslation();
  const policy = useQuery({ queryKey: ['admin', 'lifecycle', 'current'], queryFn: () => getJson<LifecyclePolicy>('/lifecycle-policies') });
  return (
    <Stack data-testid="admin-lifecycle">
      <Title order={2}>{t('admin.nav.lifecycle')}</Title>
      <Text c="gray.7">{t('admin.lifecycle.intro')}</Text>
      {policy.isPending ? <Loader aria-label={t('admin.common.loading')} /> : policy.error ? <ProblemAlert error={policy.error} /> : (
        <Grid>
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Text size="sm" mb="xs">{t('admin.lifecycle.inForce', { version: policy.data.policyVersion })}</Text>
            <LifecycleSettingsForm settings={policy.data.settings} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}><PolicyVersions /></Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
