import { Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api';
import { AuthLayout } from '../components/PortalShell';
import { PortalAlert, PortalNotice } from '../components/PortalAlert';
import { portalApi } from '../portal-api';
import { fieldErrors } from '../problem';

/** /portal/reset?token=…: choose a new password (other sessions end); then sign in with it. */
export function ResetPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const confirm = useMutation({ mutationFn: () => portalApi.confirmReset(token, password) });
  const errors = fieldErrors(t, confirm.error, { newPassword: t('portal.errors.fields.password') });
  // A dead token is a field error on `token`, or a plain 4xx: either way the link is used up.
  const deadLink = !token || (confirm.error instanceof ApiError && (errors.token !== undefined || [400, 404, 410].includes(confirm.error.status)));
  const mismatch = repeat !== '' && repeat !== password;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch) confirm.mutate();
  };
  if (confirm.isSuccess) {
    return (
      <AuthLayout title={t('portal.reset.title')}>
        <Stack>
          <PortalNotice testId="reset-done">{t('portal.reset.done')}</PortalNotice>
          <Anchor component={Link} to="/signin">{t('portal.reset.signIn')}</Anchor>
        </Stack>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t('portal.reset.title')}>
      <form onSubmit={submit} noValidate data-testid="reset-form">
        <Stack>
          {deadLink ? (
            <PortalNotice warn testId="link-invalid">{token ? t('portal.token.invalid') : t('portal.token.missing')}</PortalNotice>
          ) : <PortalAlert error={errors.newPassword ? null : confirm.error} />}
          <PasswordInput label={t('portal.reset.password')} autoComplete="new-password" required value={password} description={t('portal.reset.rule')}
            onChange={(e) => setPassword(e.currentTarget.value)} error={errors.newPassword} />
          <PasswordInput label={t('portal.reset.repeat')} autoComplete="new-password" required value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? t('portal.reset.mismatch') : undefined} />
          <Button type="submit" loading={confirm.isPending} disabled={!token}>{t('portal.reset.submit')}</Button>
          <Anchor component={Link} to="/forgot" size="sm">{t('portal.forgot.title')}</Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}
