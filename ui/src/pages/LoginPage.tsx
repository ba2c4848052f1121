import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api';
import { takeSessionNotice } from '../components/account/session';
import { TwoFactorStep } from '../components/account/TwoFactorStep';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { contrast } from '../components/admin/contrast';

type LoginAnswer = { twoFactorRequired?: boolean; challenge?: string; expiresAt?: string };

export function LoginPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [notice, setNotice] = useState<'expired' | 'challengeEnded' | null>(() => takeSessionNotice());
  const [challenge, setChallenge] = useState<string | null>(null);
  const login = useMutation({
    mutationFn: () => api<LoginAnswer>('/auth/login', { method: 'POST', body: { email, password } }),
    onSuccess: ({ body }) => {
      // A worker with 2FA gets a challenge instead of a session: ask for the code next.
      if (body.twoFactorRequired && body.challenge) setChallenge(body.challenge);
      else void client.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    login.mutate();
  };
  const error = login.error;
  return (
    <Center mih="100vh" bg="gray.0" p="sm" className={contrast}>
      <Paper withBorder shadow="sm" p="xl" w={380} maw="100%">
        {challenge ? (
          <TwoFactorStep challenge={challenge} onRestart={(ended) => { setChallenge(null); setPassword(''); setNotice(ended ? 'challengeEnded' : null); }} />
        ) : (
          <form onSubmit={submit}>
            <Stack>
              <Group justify="space-between">
                <Title order={2}>{t('login.title')}</Title>
              </Group>
              {notice && <Alert color="yellow" role="status" data-testid="login-notice">{t(`login.notices.${notice}`)}</Alert>}
              {error && (
                <Alert color="red" role="alert">
                  {error instanceof ApiError && (error.status === 401 || error.status === 400) ? t('login.failed') : t('login.error', { message: error.message })}
                </Alert>
              )}
              <TextInput label={t('login.email')} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
              <PasswordInput label={t('login.password')} name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
              <Button type="submit" loading={login.isPending}>{t('login.submit')}</Button>
              <LanguageSwitcher />
            </Stack>
          </form>
        )}
      </Paper>
    </Center>
  );
}
