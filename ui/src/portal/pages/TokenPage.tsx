import { Anchor, Center, Loader, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AuthLayout } from '../components/PortalShell';
import { PortalNotice } from '../components/PortalAlert';
import { portalApi } from '../portal-api';
import { afterSignIn } from '../session';

/** /portal/verify?token and /portal/magic?token: redeem the emailed single-use link, which signs the customer in. */
export function TokenPage({ kind }: { kind: 'verify' | 'magic' }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const redeem = useMutation({
    mutationFn: () => (kind === 'verify' ? portalApi.verify(token) : portalApi.confirmMagicLink(token)),
    onSuccess: async () => {
      await afterSignIn(client);
      void navigate('/', { replace: true });
    },
  });
  // Exactly once: the token is single-use, and StrictMode runs effects twice in development.
  const started = useRef(false);
  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    redeem.mutate();
  }, [token, redeem]);
  const title = kind === 'verify' ? t('portal.token.verifying') : t('portal.token.signingIn');
  const failed = !token || redeem.isError;
  return (
    <AuthLayout title={title}>
      {failed ? (
        <Stack data-testid="link-invalid">
          <PortalNotice warn>{token ? t('portal.token.invalid') : t('portal.token.missing')}</PortalNotice>
          <Anchor component={Link} to="/signin">{t('portal.token.toSignIn')}</Anchor>
          {kind === 'verify' && <Anchor component={Link} to="/register">{t('portal.token.toRegister')}</Anchor>}
        </Stack>
      ) : (
        <Center py="md"><Stack align="center"><Loader aria-label={title} /><Text size="sm">{title}</Text></Stack></Center>
      )}
    </AuthLayout>
  );
}
