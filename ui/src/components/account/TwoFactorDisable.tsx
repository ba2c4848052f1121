import { Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { fieldErrorsOf } from '../admin/problem';
import { ProblemAlert } from '../admin/ProblemAlert';

/** Turn 2FA off: the password and a current (or recovery) code. */
export function TwoFactorDisable({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const disable = useMutation({ mutationFn: () => api('/me/2fa/disable', { method: 'POST', body: { password, code: code.trim() } }), onSuccess: onDone });
  const errors = fieldErrorsOf(disable.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    disable.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="two-factor-disable">
      <Stack>
        <ProblemAlert error={Object.keys(errors).length ? null : disable.error} />
        <Group align="flex-start" grow>
          <PasswordInput label={t('account.password.current')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
          <TextInput label={t('account.twoFactor.code')} autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.currentTarget.value)} error={errors.code} />
        </Group>
        <Button color="red" variant="light" type="submit" loading={disable.isPending} style={{ alignSelf: 'flex-start' }}>{t('account.twoFactor.disable')}</Button>
      </Stack>
    </form>
  );
}
