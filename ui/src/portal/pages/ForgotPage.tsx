import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AuthLayout } from '../components/PortalShell';
import { PortalAlert, PortalNotice } from '../components/PortalAlert';
import { portalApi } from '../portal-api';
import { commonHints, fieldErrors } from '../problem';

/** POST /portal/password-reset: always "if the account exists, we sent a link" (no account probing). */
export function ForgotPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const request = useMutation({ mutationFn: () => portalApi.requestReset(email.trim()) });
  const errors = fieldErrors(t, request.error, commonHints(t));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    request.mutate();
  };
  return (
    <AuthLayout title={t('portal.forgot.title')}>
      <form onSubmit={submit} noValidate data-testid="forgot-form">
        <Stack>
          <Text size="sm">{t('portal.forgot.text')}</Text>
          <PortalAlert error={request.error} />
          {request.isSuccess && <PortalNotice testId="reset-sent">{t('portal.forgot.sent', { email })}</PortalNotice>}
          <TextInput label={t('portal.forgot.email')} type="email" name="email" autoComplete="email" required value={email}
            onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} />
          <Button type="submit" loading={request.isPending}>{t('portal.forgot.submit')}</Button>
          <Anchor component={Link} to="/signin" size="sm">{t('portal.forgot.back')}</Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}
