import { Button, Menu, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, getJson, type Page } from '../../../api';
import type { ResponseTemplate } from '../types';

type Props = { ticketId: number; onInsert: (html: string, templateId: number) => void; onError: (message: string) => void };

/** Response templates: rendered for this ticket by the server (placeholders filled, values escaped), then inserted. */
export function TemplatePicker({ ticketId, onInsert, onError }: Props) {
  const { t } = useTranslation();
  const templates = useQuery({
    queryKey: ['settings', 'response-templates'],
    queryFn: () => getJson<Page<ResponseTemplate>>('/response-templates?active=true&limit=200'),
    staleTime: 60_000,
  });
  const render = useMutation({
    mutationFn: (id: number) => api<{ templateId: number; bodyHtml: string }>(`/response-templates/${id}/render`, { method: 'POST', body: { ticketId } }),
    onSuccess: ({ body }) => onInsert(body.bodyHtml, body.templateId),
    onError: (err) => onError(err.message),
  });
  const list = templates.data?.data ?? [];
  return (
    <Menu position="top-start" withinPortal>
      <Menu.Target>
        <Button variant="default" size="compact-sm" loading={render.isPending} data-testid="template-picker">{t('composer.templates')}</Button>
      </Menu.Target>
      <Menu.Dropdown mah={300} style={{ overflowY: 'auto' }}>
        {list.length === 0 && <Text size="sm" c="dimmed" p="xs">{t('composer.noTemplates')}</Text>}
        {list.map((tpl) => <Menu.Item key={tpl.id} onClick={() => render.mutate(tpl.id)}>{tpl.name}</Menu.Item>)}
      </Menu.Dropdown>
    </Menu>
  );
}
