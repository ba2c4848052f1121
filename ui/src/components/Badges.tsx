import { Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getJson, type Page, type Priority, type Status, type StatusCategory } from '../api';

// The category tints the badge; its text stays dark (colored text on the tint fails WCAG AA contrast, axe).
const CATEGORY_COLORS: Record<StatusCategory, string> = {
  new: 'blue.9', open: 'orange.9', pending: 'grape.9', on_hold: 'gray.8', solved: 'green.9', closed: 'dark.7',
};

/** Status names are the workspace's own (admin data), so they are shown as named; the color tells the category. */
export function StatusBadge({ status }: { status: Pick<Status, 'name' | 'category'> }) {
  return <Badge color={CATEGORY_COLORS[status.category]} c="dark.7" variant="light">{status.name}</Badge>;
}

/** The workspace's statuses and priorities (for pickers and colors); they change rarely. */
export function useSettings() {
  const statuses = useQuery({ queryKey: ['settings', 'statuses'], queryFn: () => getJson<Page<Status>>('/statuses?limit=100'), staleTime: 300_000 });
  const priorities = useQuery({ queryKey: ['settings', 'priorities'], queryFn: () => getJson<Page<Priority & { color?: string }>>('/priorities?limit=100'), staleTime: 300_000 });
  return { statuses: statuses.data?.data ?? [], priorities: priorities.data?.data ?? [] };
}

/** With a dot in the admin-chosen color of the priority (any color: the text itself stays dark enough to read). */
export function PriorityBadge({ priority }: { priority: Pick<Priority, 'id' | 'name'> }) {
  const { priorities } = useSettings();
  const color = priorities.find((p) => p.id === priority.id)?.color ?? 'gray';
  return <Badge color={color} variant="dot" c="dark.7">{priority.name}</Badge>;
}
