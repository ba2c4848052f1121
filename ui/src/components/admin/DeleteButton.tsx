import { Button, Group, Popover, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { contrast } from './contrast';

type Props = { path: string; name: string; onDeleted: () => void; label?: string; method?: string; explain?: (error: Error) => string };

/** Delete (or revoke) with a confirmation; a refusal (e.g. "tickets use it") is shown in place. */
export function DeleteButton({ path, name, onDeleted, label, method = 'DELETE', explain }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const del = useMutation({ mutationFn: () => api(path, { method }), onSuccess: () => { setOpen(false); onDeleted(); } });
  const text = label ?? t('admin.common.delete');
  return (
    <Popover opened={open} onChange={setOpen} withArrow trapFocus position="bottom-end">
      <Popover.Target>
        <Button size="xs" color="red" variant="subtle" onClick={() => { del.reset(); setOpen((o) => !o); }} aria-label={`${text}: ${name}`}>{text}</Button>
      </Popover.Target>
      <Popover.Dropdown className={contrast}>
        <Stack gap="xs" maw={260}>
          <Text size="sm">{t('admin.common.confirmDelete', { name })}</Text>
          {del.error && <Text size="sm" c="red.8" role="alert" data-testid="delete-error">{explain?.(del.error) ?? del.error.message}</Text>}
          <Group gap="xs">
            <Button size="xs" color="red" onClick={() => del.mutate()} loading={del.isPending} data-testid="confirm-delete">{text}</Button>
            <Button size="xs" variant="default" onClick={() => setOpen(false)}>{t('admin.common.cancel')}</Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
