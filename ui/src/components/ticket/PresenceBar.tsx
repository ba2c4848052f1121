import { Avatar, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Presence } from './types';

const initials = (name: string) => name.split(/\s+/).filter(Boolean).slice(0, 2).map((p) => p[0]?.toUpperCase()).join('');

/** "Alex is viewing", "Sam is replying": other agents on this ticket right now. */
export function PresenceBar({ others }: { others: Presence[] }) {
  const { t } = useTranslation();
  if (!others.length) return null;
  return (
    <Group gap="xs" data-testid="presence" aria-live="polite">
      {others.map((p) => {
        const text = t(p.state === 'replying' ? 'ticket.presence.replying' : 'ticket.presence.viewing', { name: p.name });
        return (
          <Tooltip key={p.workerId} label={text}>
            <Group gap={4} data-state={p.state}>
              <Avatar size="sm" color={p.state === 'replying' ? 'orange' : 'blue'} radius="xl" aria-hidden="true">{initials(p.name)}</Avatar>
              <Text size="sm" c={p.state === 'replying' ? 'orange.9' : 'gray.7'}>{text}</Text>
            </Group>
          </Tooltip>
        );
      })}
    </Group>
  );
}
