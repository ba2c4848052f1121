import { Badge, Burger, Button, Drawer, Group, Stack, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../../api';
import { LanguageSwitcher } from '../LanguageSwitcher';
import { NotificationBell } from '../NotificationBell';

type Props = { me: Me; live: boolean; onLogout: () => void; loggingOut: boolean };

/** Where a signed-in worker can go; admins also get the console. */
function useNavLinks(me: Me) {
  const { t } = useTranslation();
  return [
    { to: '/', label: t('app.queue') },
    { to: '/stats', label: t('app.stats') },
    ...(me.permissions.includes('settings:write') ? [{ to: '/admin', label: t('app.admin') }] : []),
  ];
}

/**
 * The top bar. Wide screens show everything in one row; below Mantine's `sm` breakpoint (48em) the links, account,
 * language and sign-out move into a drawer behind a burger, so the bar stays one line high on a phone.
 * Dark text on the subtle buttons: Mantine's default light variants miss the 4.5:1 contrast ratio.
 */
export function AppHeader({ me, live, onLogout, loggingOut }: Props) {
  const { t } = useTranslation();
  const links = useNavLinks(me);
  const [menuOpen, menu] = useDisclosure(false);
  const liveBadge = (
    <Badge color={live ? 'green.9' : 'gray.8'} c="dark.8" variant="dot" data-testid="live-indicator">{live ? t('app.live') : t('app.offline')}</Badge>
  );
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group wrap="nowrap" gap="xs">
        <Title order={3}>{t('app.name')}</Title>
        <Group visibleFrom="sm" gap={4} component="nav" aria-label={t('app.navigation')}>
          {links.map((l) => <Button key={l.to} component={Link} to={l.to} variant="subtle" color="dark">{l.label}</Button>)}
        </Group>
      </Group>
      <Group wrap="nowrap" gap="xs">
        {liveBadge}
        <NotificationBell />
        <Group visibleFrom="sm" wrap="nowrap" gap="xs">
          <Button component={Link} to="/account" variant="subtle" color="dark">{me.name}</Button>
          <LanguageSwitcher />
          <Button variant="default" onClick={onLogout} loading={loggingOut}>{t('app.logout')}</Button>
        </Group>
        <Burger hiddenFrom="sm" opened={menuOpen} onClick={menu.toggle} aria-label={t('app.menu')} data-testid="app-menu" />
      </Group>
      <Drawer opened={menuOpen} onClose={menu.close} position="right" size="xs" title={t('app.name')} hiddenFrom="sm">
        <Stack component="nav" aria-label={t('app.navigation')} gap="xs">
          {[...links, { to: '/account', label: me.name }].map((l) => (
            <Button key={l.to} component={Link} to={l.to} variant="subtle" color="dark" justify="flex-start" onClick={menu.close}>{l.label}</Button>
          ))}
          <LanguageSwitcher />
          <Button variant="default" onClick={() => { menu.close(); onLogout(); }} loading={loggingOut}>{t('app.logout')}</Button>
        </Stack>
      </Drawer>
    </Group>
  );
}
