import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CatalogList } from '../../components/plugins/CatalogList';
import { InstalledList } from '../../components/plugins/InstalledList';

/** Plugins (issue 6): installed plugins with status, health and logs, and the marketplace to install more. */
export function PluginsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>('installed');
  return (
    <Stack data-testid="admin-plugins">
      <Title order={2}>{t('plugins.title')}</Title>
      <Text size="sm" c="gray.7">{t('plugins.intro')}</Text>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="installed" data-testid="tab-installed">{t('plugins.tabs.installed')}</Tabs.Tab>
          <Tabs.Tab value="catalog" data-testid="tab-catalog">{t('plugins.tabs.catalog')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="installed" pt="md"><InstalledList /></Tabs.Panel>
        <Tabs.Panel value="catalog" pt="md"><CatalogList /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
