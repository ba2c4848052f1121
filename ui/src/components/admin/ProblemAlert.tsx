import { Alert, Button, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';

type Props = { error: unknown; extra?: string[]; onReload?: () => void };

/** A failed request as a human message; a 409 offers to reload the fresh data. */
export function ProblemAlert({ error, extra = [], onReload }: Props) {
  const { t } = useTranslation();
  if (!error && !extra.length) return null;
  const conflict = error instanceof ApiError && error.status === 409;
  const message = error instanceof ApiError
    ? error.problem.errors?.length ? t('admin.common.invalid') : error.message
    : error instanceof Error ? error.message : '';
  return (
    <Alert color={conflict ? 'yellow' : 'red'} role="alert" data-testid="form-error" title={conflict ? t('admin.common.conflict') : undefined}>
      {message}
      {extra.length > 0 && <List size="sm" mt="xs">{extra.map((m) => <List.Item key={m}>{m}</List.Item>)}</List>}
      {conflict && onReload && <Button mt="xs" size="xs" variant="light" onClick={onReload}>{t('admin.common.reload')}</Button>}
    </Alert>
  );
}
