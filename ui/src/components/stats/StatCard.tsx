import { Paper, Text } from '@mantine/core';

/** One total: a label and its figure. */
export function StatCard({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="gray.7" fw={600}>{label}</Text>
      <Text size="xl" fw={700}>{value}</Text>
    </Paper>
  );
}
