import { Anchor, Box, Button, Container, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router';
import { LanguageSwitcher } from '../../components/LanguageSwitcher';
import { portalApi, type PortalMe } from '../portal-api';
import { afterSignOut } from '../session';
import classes from './portal.module.css';

/** Header (portal name, navigation, language, sign out) around a signed-in page. */
export function PortalShell({ me, children }: { me: PortalMe; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: portalApi.signOut,
    onSettled: () => {
      afterSignOut(client);
      void navigate('/signin', { replace: true });
    },
  });
  const link = (to: string, label: string) => (
    <NavLink to={to} end className={({ isActive }) => (isActive ? `${classes.nav} ${classes.active}` : classes.nav)}>{label}</NavLink>
  );
  return (
    <>
      <a href="#portal-main" className={classes.skip}>{t('portal.skip')}</a>
      <Box component="header" className={classes.header}>
        <Container size="lg">
          <Group justify="space-between" gap="xs" py="xs">
            <Anchor component={NavLink} to="/" fw={700} c="dark" underline="never">{t('portal.title')}</Anchor>
            <Group gap="xs">
              <LanguageSwitcher />
              <Text size="sm" c="gray.8" visibleFrom="sm">{me.name}</Text>
              <Button variant="default" size="xs" onClick={() => signOut.mutate()} loading={signOut.isPending}>{t('portal.nav.signOut')}</Button>
            </Group>
          </Group>
          <Group component="nav" aria-label={t('portal.nav.label')} gap={4} pb={6}>
            {link('/', t('portal.nav.tickets'))}
            {link('/new', t('portal.nav.newTicket'))}
            {link('/account', t('portal.nav.account'))}
            <a className={classes.nav} href={`/help/${i18n.resolvedLanguage ?? 'en'}`}>{t('portal.nav.helpCenter')}</a>
          </Group>
        </Container>
      </Box>
      <Container size="lg" component="main" id="portal-main" py="md" px="sm">
        {children}
      </Container>
    </>
  );
}

/** Sign-in, registration and the emailed-link pages: one card, the language switcher above it. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Container size={440} component="main" py="xl" px="sm">
      <Group justify="space-between" mb="md">
        <Text fw={700}>{t('portal.title')}</Text>
        <LanguageSwitcher />
      </Group>
      <Box className={classes.card} p="lg">
        <h1 className={classes.h1}>{title}</h1>
        {children}
      </Box>
    </Container>
  );
}
