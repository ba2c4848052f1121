import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';

type Props = { challenge: string; onRestart: (ended: boolean) => void };

/** The second sign-in step: a code from the authenticator app, or a recovery code. */
export function TwoFactorStep({ challenge, onRestart }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [code, setCode] = useState('');
  const verify = useMutation({
    mutationFn: () => api('/auth/login/2fa', { method: 'POST', body: { challenge, code: code.trim() } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
    onError: (err) => {
      // A dead challenge (expired, used, too many wrong codes) cannot be retried: start over with the password.
      if (err instanceof ApiError && (err.problem as { code?: string }).code === 'two_factor_challenge_invalid') onRestart(true);
    },
  });
  const problem = verify.error instanceof ApiError ? (verify.error.problem as { code?: string; attemptsLeft?: number }) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="two-factor-step">
      <Stack>
        <Title order={2}>{t('login.twoFactor.title')}</Title>
        <Text size="sm">{t('login.twoFactor.intro')}</Text>
        {verify.error && (
          <Alert color="red" role="alert">
            {problem?.code === 'two_factor_code_invalid' ? t('login.twoFactor.wrong', { count: problem.attemptsLeft ?? 0 }) : t('login.error', { message: verify.error.message })}
          </Alert>
        )}
        <TextInput label={t('login.twoFactor.code')} name="code" autoComplete="one-time-code" inputMode="text" required autoFocus
          value={code} onChange={(e) => setCode(e.currentTarget.value)} description={t('login.twoFactor.codeHelp')} />
        <Button type="submit" loading={verify.isPending}>{t('login.twoFactor.verify')}</Button>
        <Anchor component="button" type="button" size="sm" onClick={() => onRestart(false)}>{t('login.twoFactor.back')}</Anchor>
      </Stack>
    </form>
  );
}
