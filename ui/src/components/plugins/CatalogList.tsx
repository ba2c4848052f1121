import { Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { ProblemAlert } from '../admin/ProblemAlert';
import { InstallDialog } from './InstallDialog';
import type { CatalogEntry } from './plugin-types';

/** The marketplace: every catalog source's plugins, searchable, each installable with a dialog. */
export function CatalogList() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const [installing, setInstalling] = useState<CatalogEntry | null>(null);
  const catalog = useQuery({
    queryKey: ['plugins', 'catalog', debounced],
    queryFn: () => getJson<{ data: CatalogEntry[] }>(`/plugins/catalog${debounced ? `?q=${encodeURIComponent(debounced)}` : ''}`),
  });
  return (
    <Stack>
      <TextInput label={t('plugins.catalog.search')} placeholder={t('plugins.catalog.searchPlaceholder')} value={q} onChange={(e) => setQ(e.currentTarget.value)} data-testid="plugin-search" maw={420} />
      <ProblemAlert error={catalog.error} />
      {catalog.isLoading && <Loader size="sm" aria-label={t('plugins.loading')} />}
      {catalog.data && catalog.data.data.length === 0 && <Text c="gray.7">{t('plugins.catalog.empty')}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {catalog.data?.data.map((e) => (
          <Card key={`${e.source}:${e.id}:${e.version}`} withBorder data-testid={`catalog-${e.id}`}>
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600}>{e.name}</Text>
                <Badge variant="light">{e.version}</Badge>
              </Group>
              <Text size="sm">{e.description}</Text>
              <Group gap={4}>
                {e.channels.map((c) => <Badge key={c} size="sm" variant="outline">{c}</Badge>)}
                {!e.signed && <Badge size="sm" variant="light" color="red">{t('plugins.catalog.unsigned')}</Badge>}
                {!e.compatible && <Badge size="sm" variant="light" color="orange">{t('plugins.catalog.incompatible', { version: e.minPlatformVersion })}</Badge>}
              </Group>
              <Text size="xs" c="gray.7">{t('plugins.catalog.from', { source: e.source === 'builtin' ? t('plugins.catalog.builtin') : e.sourceName, publisher: e.publisher })}</Text>
              {e.installed
                ? <Badge color="green" variant="light">{t('plugins.catalog.installed', { version: e.installed.version })}</Badge>
                : <Button size="xs" onClick={() => setInstalling(e)} disabled={!e.compatible} aria-label={t('plugins.actions.installName', { name: e.name })} data-testid={`install-${e.id}`}>{t('plugins.actions.install')}</Button>}
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      <InstallDialog entry={installing} onClose={() => setInstalling(null)} />
    </Stack>
  );
}
