import { Box, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WidgetValues } from './widget-types';

/** The real widget app in preview mode (/widget/frame.html?preview=1), fed the unsaved settings by postMessage. */
export function WidgetPreview({ values }: { values: WidgetValues }) {
  const { t } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      const d = e.data as { source?: string; type?: string } | null;
      if (e.origin === location.origin && e.source === frame.current?.contentWindow && d?.source === 'lantern-widget' && d.type === 'preview-ready') setReady(true);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  useEffect(() => {
    if (ready) frame.current?.contentWindow?.postMessage({ source: 'lantern-widget', type: 'preview', settings: values }, location.origin);
  }, [ready, values]);
  const left = values.position === 'bottom-left';
  return (
    <Stack gap="xs">
      <Title order={3}>{t('widgetAdmin.sections.preview')}</Title>
      <Text size="sm" c="gray.7">{t('widgetAdmin.previewHelp')}</Text>
      <Box style={{ display: 'flex', flexDirection: 'column', alignItems: left ? 'flex-start' : 'flex-end', gap: 12 }}>
        <Box style={{ width: 'min(100%, 360px)', height: 520, borderRadius: 14, overflow: 'hidden', boxShadow: '0 6px 24px rgba(0,0,0,.2)' }}>
          <iframe ref={frame} src="/widget/frame.html?preview=1" title={t('widgetAdmin.previewTitle')} style={{ border: 0, width: '100%', height: '100%' }} data-testid="widget-preview" />
        </Box>
        <Box aria-hidden style={{ width: 56, height: 56, borderRadius: '50%', background: values.colors.primary, boxShadow: '0 4px 14px rgba(0,0,0,.25)' }} data-testid="widget-preview-launcher" />
      </Box>
    </Stack>
  );
}
