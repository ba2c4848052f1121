import { Button, Grid, Group, Tabs } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { HelpBox } from '../components/HelpBox';
import { TicketList } from '../components/TicketList';
import classes from '../components/portal.module.css';
import { portalApi } from '../portal-api';
import { usePortalMe } from '../session';

/** My tickets; when my organization shares tickets, a second tab with everyone's. */
export function TicketsPage() {
  const { t } = useTranslation();
  const me = usePortalMe().data!;
  // The organization tab appears when the unfiltered list shows a colleague's ticket (the organization shares).
  const probe = useQuery({ queryKey: ['tickets', 'portal', 'probe'], queryFn: () => portalApi.tickets('limit=50') });
  const shared = probe.data?.data.some((x) => x.requesterId !== me.id) ?? false;
  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Group justify="space-between" mb="sm">
          <h1 className={classes.h1} style={{ margin: 0 }}>{t('portal.tickets.title')}</h1>
          <Button component={Link} to="/new" data-testid="new-ticket">{t('portal.tickets.newTicket')}</Button>
        </Group>
        {shared ? (
          <Tabs defaultValue="mine" keepMounted={false}>
            <Tabs.List mb="sm">
              <Tabs.Tab value="mine">{t('portal.tickets.mine')}</Tabs.Tab>
              <Tabs.Tab value="org" data-testid="org-tab">{t('portal.tickets.organization')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="mine"><TicketList meId={me.id} requesterId={me.id} /></Tabs.Panel>
            <Tabs.Panel value="org"><TicketList meId={me.id} /></Tabs.Panel>
          </Tabs>
        ) : <TicketList meId={me.id} requesterId={me.id} />}
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <HelpBox />
      </Grid.Col>
    </Grid>
  );
}
