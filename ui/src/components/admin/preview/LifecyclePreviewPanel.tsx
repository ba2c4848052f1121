import { Alert, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '../problem';
import { ProblemAlert } from '../ProblemAlert';
import { priorityKey } from '../sla-types';
import { usePriorities } from '../use-options';
import { PreviewSampleForm } from './PreviewSampleForm';
import { PreviewTimeline } from './PreviewTimeline';
import type { Sample } from './preview-types';
import { useLifecyclePreview } from './use-lifecycle-preview';

type Props = {
  /** An unsaved policy document; null previews the version in force. */
  draft?: Record<string, unknown> | null;
  calendarId?: number | null;
  testId?: string;
  /** Changes whenever the saved policy does (SLA rows, policy version), so the preview of it is recomputed. */
  revision?: string;
  /** Priority key (lower-cased name) to start the sample with, e.g. the one the edited SLA policy is for. */
  startPriority?: string;
};

/** "What would a sample ticket experience?": pick a sample, script replies and status changes, read the timeline. */
export function LifecyclePreviewPanel({ draft = null, calendarId = null, testId = 'lifecycle-preview', revision = '', startPriority }: Props) {
  const { t } = useTranslation();
  const priorities = usePriorities();
  const [sample, setSample] = useState<Sample>({ priority: null, channel: 'email', tags: [], events: [] });
  useEffect(() => {
    // Start from the default priority once the list has loaded.
    const start = priorities.find((p) => priorityKey(p.name) === startPriority) ?? priorities.find((p) => p.isDefault) ?? priorities[0];
    if (sample.priority === null && start) setSample((s) => ({ ...s, priority: start.id }));
  }, [priorities, sample.priority, startPriority]);
  const preview = useLifecyclePreview(sample, draft, calendarId, revision);
  const errors = fieldErrorsOf(preview.error);
  const draftProblems = Object.entries(errors).filter(([path]) => path === 'policy' || path.startsWith('policy.'));
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Stack gap="sm">
        <Title order={3}>{t('admin.lifecyclePreview.title')}</Title>
        <Text size="sm" c="gray.7">{draft ? t('admin.lifecyclePreview.introDraft') : t('admin.lifecyclePreview.intro')}</Text>
        <PreviewSampleForm value={sample} onChange={setSample} errors={errors} />
        {draftProblems.length > 0 ? (
          <Alert color="orange" role="alert" title={t('admin.lifecyclePreview.draftInvalid')} data-testid="preview-draft-errors">
            {draftProblems.map(([path, message]) => <Text key={path} size="sm">{`${path.replace(/^policy\.?/, '') || '—'}: ${message}`}</Text>)}
          </Alert>
        ) : preview.error ? <ProblemAlert error={preview.error} /> : null}
        {preview.isFetching && <Loader size="sm" aria-label={t('admin.common.loading')} />}
        {preview.data && !preview.error && <PreviewTimeline answer={preview.data} />}
      </Stack>
    </Paper>
  );
}
