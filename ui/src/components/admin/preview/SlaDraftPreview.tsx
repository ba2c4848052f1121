import { useQuery } from '@tanstack/react-query';
import { getJson } from '../../../api';
import type { LifecyclePolicy } from '../lifecycle-types';
import { LifecyclePreviewPanel } from './LifecyclePreviewPanel';
import { slaDraft } from './policy-draft';

/** The preview inside the SLA policy drawer: the policy document with the form's unsaved SLA policy in it. */
export function SlaDraftPreview({ values, editingId }: { values: Record<string, unknown>; editingId: number | null }) {
  const current = useQuery({ queryKey: ['admin', 'lifecycle', 'current'], queryFn: () => getJson<LifecyclePolicy>('/lifecycle-policies') });
  if (!current.data) return null;
  const conditions = values.conditions as { priorities?: string[] } | undefined;
  return <LifecyclePreviewPanel draft={slaDraft(current.data.document, values, editingId)} testId="sla-draft-preview" startPriority={conditions?.priorities?.[0]} />;
}
