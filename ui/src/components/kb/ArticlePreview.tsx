import { Alert, Badge, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SafeHtml } from '../ticket/SafeHtml';
import { useKbTranslation } from './kb-api';
import type { KbTranslation } from './kb-types';

/** A translation as readers see it: body, then the tutorial's steps (images and check questions left out). */
export function ArticlePreview({ articleId, language, children }: { articleId: number; language: string; children?: (tr: KbTranslation) => ReactNode }) {
  const { t } = useTranslation();
  const tr = useKbTranslation(articleId, language);
  if (tr.isPending) return <Loader size="sm" aria-label={t('admin.common.loading')} />;
  if (tr.error) return <Alert color="red" role="alert">{tr.error.message}</Alert>;
  const a = tr.data;
  return (
    <Stack gap="xs" data-testid="kb-preview">
      <Title order={4}>{a.title}</Title>
      {children?.(a)}
      <div className="lantern-kb-body"><SafeHtml html={a.bodyHtml} /></div>
      {(a.steps ?? []).map((s, i) => (
        <Stack key={i} gap={4}>
          <Group gap="xs"><Badge variant="light" color="dark">{t('kb.steps.step', { n: i + 1 })}</Badge><Text fw={600}>{s.title}</Text></Group>
          <div className="lantern-kb-body"><SafeHtml html={s.bodyHtml} /></div>
        </Stack>
      ))}
    </Stack>
  );
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The article's content for a reply: the body, then each step as a bold numbered title and its text. */
export function articleAsReplyHtml(tr: KbTranslation): string {
  const steps = (tr.steps ?? []).map((s, i) => `<p><strong>${i + 1}. ${escape(s.title)}</strong></p>${s.bodyHtml}`).join('');
  return `${tr.bodyHtml}${steps}`;
}

/** A link to the public article, absolute (the reply leaves this site by email or chat). */
export function articleLinkHtml(title: string, url: string): string {
  const href = new URL(url, window.location.origin).href;
  return `<a href="${escape(href)}">${escape(title)}</a> `;
}
