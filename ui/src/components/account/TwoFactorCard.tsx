import { Alert, Badge, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, getJson } from '../../api';
import { ProblemAlert } from '../admin/ProblemAlert';
import { RecoveryCodes } from './RecoveryCodes';
import { TwoFactorDisable } from './TwoFactorDisable';
import { TwoFactorSetup, type Setup } from './TwoFactorSetup';

type Status = { enabled: boolean; enforced: boolean; recoveryCodesLeft: number };

/** Two-factor sign-in: set up (QR code, confirm a code, recovery codes shown once) or turn off. */
export function TwoFactorCard({ mustSetUp }: { mustSetUp: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const status = useQuery({ queryKey: ['account', '2fa'], queryFn: () => getJson<Status>('/me/2fa') });
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const start = useMutation({ mutationFn: () => api<Setup>('/me/2fa/setup', { method: 'POST' }), onSuccess: (r) => setSetup(r.body) });
  // Turning 2FA on ends my other sessions: their list changes too.
  const refresh = () => Promise.all(['2fa', 'sessions'].map((k) => client.invalidateQueries({ queryKey: ['account', k] })).concat(client.invalidateQueries({ queryKey: ['me'] })));
  const missing = status.error instanceof ApiError && status.error.status === 404;
  return (
    <Stack data-testid="two-factor">
      <Group justify="space-between">
        <Title order={3} id="two-factor">{t('account.twoFactor.title')}</Title>
        {status.data && <Badge color={status.data.enabled ? 'green' : 'gray'} variant="light" data-testid="two-factor-state">{status.data.enabled ? t('account.twoFactor.on') : t('account.twoFactor.off')}</Badge>}
      </Group>
      {mustSetUp && !codes && <Alert color="yellow" data-testid="two-factor-required">{t('account.twoFactor.required')}</Alert>}
      {codes ? <RecoveryCodes codes={codes} onDone={() => { setCodes(null); void refresh(); }} /> : status.isPending ? <Loader aria-label={t('admin.common.loading')} /> : missing ? (
        <Text c="gray.7">{t('account.twoFactor.notAvailable')}</Text>
      ) : status.error ? <ProblemAlert error={status.error} /> : status.data.enabled ? (
        <>
          <Text size="sm">{t('account.twoFactor.enabledText', { count: status.data.recoveryCodesLeft })}</Text>
          {status.data.enforced ? <Text size="sm" c="gray.7">{t('account.twoFactor.enforced')}</Text> : <TwoFactorDisable onDone={() => void refresh()} />}
        </>
      ) : setup ? (
        <TwoFactorSetup setup={setup} onEnabled={(c) => { setSetup(null); setCodes(c); }} onCancel={() => setSetup(null)} />
      ) : (
        <>
          <Text size="sm">{t('account.twoFactor.offText')}</Text>
          <ProblemAlert error={start.error} />
          <Button onClick={() => start.mutate()} loading={start.isPending} style={{ alignSelf: 'flex-start' }} data-testid="two-factor-start">{t('account.twoFactor.setUp')}</Button>
        </>
      )}
    </Stack>
  );
}
