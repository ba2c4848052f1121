import { Anchor, Button, Divider, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AuthLayout } from '../components/PortalShell';
import { PortalAlert, PortalNotice } from '../components/PortalAlert';
import { portalApi } from '../portal-api';
import { commonHints, fieldErrors, problemCode } from '../problem';
import { afterSignIn, takeSessionEnded } from '../session';

/** Only paths inside the portal: `next` comes from the address bar. */
const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

/** Password sign-in, or a one-time sign-in link by email. */
export function SignInPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [ended] = useState(takeSessionEnded);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [needEmail, setNeedEmail] = useState(false);
  const signIn = useMutation({
    mutationFn: () => portalApi.signIn(email, password),
    onSuccess: async () => {
      await afterSignIn(client);
      void navigate(safeNext(params.get('next')), { replace: true });
    },
  });
  const magic = useMutation({ mutationFn: () => portalApi.requestMagicLink(email) });
  // No endpoint of its own: registering again answers 202 and mails a fresh link to an unconfirmed account.
  const resend = useMutation({
    mutationFn: () => portalApi.register({ name: email.split('@')[0] ?? email, email, password, language: i18n.resolvedLanguage ?? 'en' }),
  });
  const errors = fieldErrors(t, signIn.error ?? magic.error, commonHints(t));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    magic.reset();
    signIn.mutate();
  };
  const sendLink = () => {
    signIn.reset();
    setNeedEmail(!email);
    if (email) magic.mutate();
  };
  return (
    <AuthLayout title={t('portal.signIn.title')}>
      <form onSubmit={submit} noValidate data-testid="signin-form">
        <Stack>
          {ended && <PortalNotice>{t('portal.signIn.ended')}</PortalNotice>}
          <PortalAlert error={signIn.error ?? magic.error}>
            {problemCode(signIn.error) === 'email_not_verified' && (
              <Button display="block" mt="xs" size="xs" variant="white" onClick={() => resend.mutate()} loading={resend.isPending} data-testid="resend-verification">
                {t('portal.signIn.resend')}
              </Button>
            )}
          </PortalAlert>
          {resend.isSuccess && <PortalNotice>{t('portal.signIn.resent')}</PortalNotice>}
          {magic.isSuccess && <PortalNotice testId="magic-sent">{t('portal.signIn.magicSent', { email })}</PortalNotice>}
          <TextInput label={t('portal.signIn.email')} type="email" name="email" autoComplete="email" required value={email}
            onChange={(e) => setEmail(e.currentTarget.value)} error={needEmail && !email ? t('portal.signIn.needEmail') : errors.email} />
          <PasswordInput label={t('portal.signIn.password')} name="password" autoComplete="current-password" value={password}
            onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
          <Button type="submit" loading={signIn.isPending}>{t('portal.signIn.submit')}</Button>
          <Anchor component={Link} to="/forgot" size="sm">{t('portal.signIn.forgot')}</Anchor>
          <Divider label={t('portal.signIn.or')} labelPosition="center" />
          <Button variant="light" onClick={sendLink} loading={magic.isPending} data-testid="magic-link">{t('portal.signIn.magic')}</Button>
          <Group justify="center">
            <Anchor component={Link} to="/register" size="sm">{t('portal.signIn.register')}</Anchor>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
