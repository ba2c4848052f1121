import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { previewBody, type PreviewAnswer, type Sample } from './preview-types';

/** Recomputes the preview when the sample or the draft changes (debounced, so typing a target does not flood the API). */
export function useLifecyclePreview(sample: Sample, draft: Record<string, unknown> | null, calendarId: number | null) {
  const body = sample.priority === null ? null : previewBody(sample, draft, calendarId);
  const [debounced] = useDebouncedValue(body, 400);
  return useQuery({
    queryKey: ['admin', 'lifecycle-preview', debounced],
    queryFn: async () => (await api<PreviewAnswer>('/lifecycle-policies/preview', { method: 'POST', body: debounced })).body,
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
