import { Switch, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { disablePush, enablePush, pushEnabled, pushSupported } from '../../push/push-client';

/** Web push on this device: subscribe (asks the browser's permission) or unsubscribe. */
export function PushToggle({ onEnabled }: { onEnabled: () => void }) {
  const { t } = useTranslation();
  const [on, setOn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    void pushEnabled().then(setOn, () => setOn(false));
  }, []);
  if (!pushSupported()) return <Text size="sm" c="gray.8">{t('portal.account.notifications.pushUnsupported')}</Text>;
  const change = async (enable: boolean) => {
    setBusy(true);
    setFailed(false);
    try {
      if (enable) {
        await enablePush();
        onEnabled();
      } else await disablePush();
      setOn(enable);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Switch label={t('portal.account.notifications.push')} checked={on} disabled={busy} onChange={(e) => void change(e.currentTarget.checked)} data-testid="push-toggle" />
      {failed && <Text size="sm" c="red.8" role="alert">{t('portal.account.notifications.pushFailed')}</Text>}
    </>
  );
}
