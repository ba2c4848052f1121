import { Alert, Loader, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, getJson } from '../../api';
import type { SecuritySettings } from '../../components/admin/admin-types';
import { ProblemAlert } from '../../components/admin/ProblemAlert';

/** Workspace security: require two-factor sign-in for every worker. */
export function SecurityPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['admin', 'security-settings'], queryFn: () => getJson<SecuritySettings>('/security-settings') });
  const save = useMutation({
    mutationFn: (requireTwoFactor: boolean) => api<SecuritySettings>('/security-settings', { method: 'PATCH', body: { requireTwoFactor } }),
    onSuccess: (r) => client.setQueryData(['admin', 'security-settings'], r.body),
  });
  const missing = settings.error instanceof ApiError && settings.error.status === 404;
  return (
    <Stack data-testid="admin-security">
      <Title order={2}>{t('admin.nav.security')}</Title>
      {settings.isPending ? <Loader aria-label={t('admin.common.loading')} /> : missing ? <Alert color="gray">{t('admin.security.notAvailable')}</Alert> : settings.error ? (
        <ProblemAlert error={settings.error} />
      ) : (
        <>
          <Switch size="md" label={t('admin.security.requireTwoFactor')} description={t('admin.security.requireTwoFactorHelp')} checked={settings.data.requireTwoFactor}
            disabled={save.isPending} onChange={(e) => save.mutate(e.currentTarget.checked)} data-testid="require-2fa" />
          <ProblemAlert error={save.error} />
          {save.isSuccess && <Text size="sm" c="green.8" role="status">{t('admin.common.saved')}</Text>}
        </>
      )}
    </Stack>
  );
}
