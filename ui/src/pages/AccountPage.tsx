import { Badge, Divider, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PasswordForm } from '../components/account/PasswordForm';
import { useCurrentMe } from '../components/account/session';
import { SessionsList } from '../components/account/SessionsList';
import { TwoFactorCard } from '../components/account/TwoFactorCard';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { contrast } from '../components/admin/contrast';

/** My account: profile, password, two-factor sign-in and sessions. `?setup=2fa` jumps to the 2FA setup. */
export function AccountPage() {
  const { t } = useTranslation();
  const me = useCurrentMe();
  const [params] = useSearchParams();
  const mustSetUp = me?.twoFactorSetupRequired === true || params.get('setup') === '2fa';
  useEffect(() => {
    if (mustSetUp) document.getElementById('two-factor')?.scrollIntoView();
  }, [mustSetUp]);
  if (!me) return null;
  return (
    <Stack maw={960} data-testid="account-page" className={contrast}>
      <Title order={2}>{t('account.title')}</Title>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md" h="100%">
            <Stack gap="xs" data-testid="profile">
              <Title order={3}>{t('account.profile.title')}</Title>
              <Text><b>{t('account.profile.name')}:</b> {me.name}</Text>
              <Text><b>{t('account.profile.email')}:</b> {me.email}</Text>
              {me.role && <Group gap="xs"><Text fw={700}>{t('account.profile.role')}:</Text><Badge variant="light">{t(`admin.workers.roles.${me.role}`, { defaultValue: me.role })}</Badge></Group>}
              <Text size="sm" c="gray.7">{t('account.profile.managedByAdmin')}</Text>
              <Divider my="xs" />
              <Text size="sm" fw={500}>{t('app.language')}</Text>
              <LanguageSwitcher />
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md" h="100%"><TwoFactorCard mustSetUp={mustSetUp} /></Paper>
        </Grid.Col>
        {/* Until the required 2FA is set up, the API answers nothing else: show only what works. */}
        {!me.twoFactorSetupRequired && (
          <>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Paper withBorder p="md"><PasswordForm /></Paper>
            </Grid.Col>
            <Grid.Col span={12}>
              <Paper withBorder p="md"><SessionsList currentExpiresAt={me.sessionExpiresAt} /></Paper>
            </Grid.Col>
          </>
        )}
      </Grid>
    </Stack>
  );
}
