import { Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled chart; the title names the figure for assistive technology (the SVG itself is decorative). */
export function ChartBox({ title, children, empty }: { title: string; children: ReactNode; empty?: string | null }) {
  return (
    <Paper withBorder p="sm" component="figure" m={0} aria-label={title}>
      <Text component="figcaption" fw={600} size="sm" mb="xs">{title}</Text>
      {empty ? <Text c="gray.7" size="sm">{empty}</Text> : children}
    </Paper>
  );
}
