import { Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../components/LanguageSwitcher';
import { PasswordForm } from '../../components/account/PasswordForm';
import { SessionsList } from '../../components/account/SessionsList';
import { NotificationPrefs } from '../components/NotificationPrefs';
import classes from '../components/portal.module.css';
import { usePortalMe } from '../session';

/** Profile, language, password, sessions (revocable) and notification preferences. */
export function AccountPage() {
  const { t } = useTranslation();
  const me = usePortalMe().data!;
  return (
    <Stack maw={820} gap="lg">
      <h1 className={classes.h1} style={{ margin: 0 }}>{t('portal.account.title')}</h1>
      <Card withBorder>
        <Stack gap="xs">
          <h2 className={classes.h2}>{t('portal.account.profile')}</h2>
          <Text size="sm"><b>{t('portal.account.name')}:</b> {me.name}</Text>
          <Text size="sm"><b>{t('portal.account.email')}:</b> {me.email}</Text>
          <Group gap="xs"><Text size="sm" fw={700}>{t('portal.account.language')}:</Text><LanguageSwitcher /></Group>
        </Stack>
      </Card>
      <Card withBorder><NotificationPrefs /></Card>
      <Card withBorder><PasswordForm /></Card>
      <Card withBorder><SessionsList currentExpiresAt={me.sessionExpiresAt} /></Card>
    </Stack>
  );
}
