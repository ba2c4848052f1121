import { Button, Code, Group, Image, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { fieldErrorsOf } from '../admin/problem';
import { ProblemAlert } from '../admin/ProblemAlert';

export type Setup = { secret: string; otpauthUrl: string; qrSvg: string };

/** Scan the QR code (or type the secret), then confirm with a current code. */
export function TwoFactorSetup({ setup, onEnabled, onCancel }: { setup: Setup; onEnabled: (codes: string[]) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const enable = useMutation({
    mutationFn: () => api<{ recoveryCodes: string[] }>('/me/2fa/enable', { method: 'POST', body: { code: code.trim() } }),
    onSuccess: (r) => onEnabled(r.body.recoveryCodes),
  });
  const errors = fieldErrorsOf(enable.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    enable.mutate();
  };
  // The SVG is shown as an image (not inlined into the page), so markup in it cannot run.
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`;
  return (
    <form onSubmit={submit} data-testid="two-factor-setup">
      <Stack>
        <Text size="sm">{t('account.twoFactor.scan')}</Text>
        <Image src={qr} alt={t('account.twoFactor.qrAlt')} w={200} h={200} fit="contain" bg="white" data-testid="two-factor-qr" />
        <Text size="sm">{t('account.twoFactor.manual')}</Text>
        <Code data-testid="two-factor-secret" style={{ wordBreak: 'break-all' }}>{setup.secret}</Code>
        {!errors.code && <ProblemAlert error={enable.error} />}
        <TextInput label={t('account.twoFactor.code')} name="totp" autoComplete="one-time-code" required value={code}
          onChange={(e) => setCode(e.currentTarget.value)} error={errors.code ?? (enable.error && !Object.keys(errors).length ? enable.error.message : undefined)} data-testid="two-factor-code" />
        <Group>
          <Button type="submit" loading={enable.isPending} data-testid="two-factor-enable">{t('account.twoFactor.enable')}</Button>
          <Button variant="default" onClick={onCancel}>{t('admin.common.cancel')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
