import { Alert, Button, CopyButton, Group, SimpleGrid, Code, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The ten recovery codes, shown once right after 2FA is turned on. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack data-testid="recovery-codes">
      <Alert color="green" title={t('account.twoFactor.nowOn')}>{t('account.twoFactor.codesOnce')}</Alert>
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        {codes.map((c) => <Code key={c} data-testid="recovery-code">{c}</Code>)}
      </SimpleGrid>
      <Group>
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? t('admin.common.copied') : t('admin.common.copy')}</Button>}
        </CopyButton>
        <Button onClick={onDone} data-testid="recovery-done">{t('admin.common.storedIt')}</Button>
      </Group>
    </Stack>
  );
}
