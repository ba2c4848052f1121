import { Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AuthLayout } from '../components/PortalShell';
import { PortalAlert } from '../components/PortalAlert';
import { portalApi } from '../portal-api';
import { commonHints, fieldErrors } from '../problem';

/** POST /portal/register → "check your email" (the same answer whether or not the address is known). */
export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const register = useMutation({
    mutationFn: () => portalApi.register({ name: name.trim(), email: email.trim(), password, language: i18n.resolvedLanguage ?? 'en' }),
  });
  const errors = fieldErrors(t, register.error, commonHints(t));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate();
  };
  if (register.isSuccess) {
    return (
      <AuthLayout title={t('portal.register.checkTitle')}>
        <Stack data-testid="check-email">
          <Text role="status">{t('portal.register.checkText', { email })}</Text>
          <Anchor component={Link} to="/signin" size="sm">{t('portal.token.toSignIn')}</Anchor>
        </Stack>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t('portal.register.title')}>
      <form onSubmit={submit} noValidate data-testid="register-form">
        <Stack>
          <PortalAlert error={register.error} />
          <TextInput label={t('portal.register.name')} name="name" autoComplete="name" required value={name}
            onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
          <TextInput label={t('portal.register.email')} type="email" name="email" autoComplete="email" required value={email}
            onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} />
          <PasswordInput label={t('portal.register.password')} name="password" autoComplete="new-password" required value={password}
            description={t('portal.register.passwordRule')} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
          <Button type="submit" loading={register.isPending}>{t('portal.register.submit')}</Button>
          <Group justify="center">
            <Anchor component={Link} to="/signin" size="sm">{t('portal.register.haveAccount')}</Anchor>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
