import { Button, Code, CopyButton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The script tag to paste into the website, pointing at this Lantern's origin. */
export function EmbedSnippet() {
  const { t } = useTranslation();
  const snippet = `<script src="${location.origin}/widget/widget.js" async></script>`;
  return (
    <Stack gap="xs">
      <Title order={3}>{t('widgetAdmin.sections.embed')}</Title>
      <Text size="sm" c="gray.7">{t('widgetAdmin.embedHelp')}</Text>
      <Code block data-testid="widget-snippet" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{snippet}</Code>
      <CopyButton value={snippet}>
        {({ copied, copy }) => <Button variant="light" onClick={copy} w="fit-content">{copied ? t('widgetAdmin.copied') : t('widgetAdmin.copy')}</Button>}
      </CopyButton>
    </Stack>
  );
}
