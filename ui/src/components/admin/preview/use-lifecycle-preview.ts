import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { previewBody, type PreviewAnswer, type Sample } from './preview-types';

/**
 * Recomputes the preview when the sample, the draft or the saved policy (`revision`) changes. Debounced on the
 * body's JSON, so typing a target does not flood the API and re-renders with an equal body do not restart the wait.
 */
export function useLifecyclePreview(sample: Sample, draft: Record<string, unknown> | null, calendarId: number | null, revision: string) {
  const json = sample.priority === null ? null : JSON.stringify(previewBody(sample, draft, calendarId));
  const [debounced] = useDebouncedValue(json, 400);
  return useQuery({
    queryKey: ['admin', 'lifecycle-preview', revision, debounced],
    queryFn: async () => (await api<PreviewAnswer>('/lifecycle-policies/preview', { method: 'POST', body: JSON.parse(debounced!) as unknown })).body,
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
