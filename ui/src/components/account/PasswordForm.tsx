import { Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { fieldErrorsOf } from '../admin/problem';
import { ProblemAlert } from '../admin/ProblemAlert';

/** POST /auth/password: the current password and a new one (other sessions end). */
export function PasswordForm() {
  const { t } = useTranslation();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useMutation({
    mutationFn: () => api('/auth/password', { method: 'POST', body: { currentPassword, newPassword } }),
    onSuccess: () => { setCurrent(''); setNew(''); setRepeat(''); },
  });
  const errors = fieldErrorsOf(change.error);
  const mismatch = repeat !== '' && repeat !== newPassword;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch) change.mutate();
  };
  const wrongCurrent = change.error && !Object.keys(errors).length;
  return (
    <form onSubmit={submit} data-testid="password-form">
      <Stack>
        <Title order={3}>{t('account.password.title')}</Title>
        {wrongCurrent ? <ProblemAlert error={change.error} /> : null}
        <PasswordInput label={t('account.password.current')} autoComplete="current-password" required value={currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)} error={errors.currentPassword} />
        <PasswordInput label={t('account.password.new')} autoComplete="new-password" required value={newPassword} description={t('account.password.rule')}
          onChange={(e) => setNew(e.currentTarget.value)} error={errors.newPassword} />
        <PasswordInput label={t('account.password.repeat')} autoComplete="new-password" required value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? t('account.password.mismatch') : undefined} />
        {change.isSuccess && <Text c="green.8" size="sm" role="status">{t('account.password.changed')}</Text>}
        <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>{t('account.password.submit')}</Button>
      </Stack>
    </form>
  );
}
