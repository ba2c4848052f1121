import { Paper, Portal, Stack, UnstyledButton, Text } from '@mantine/core';
import type { MentionNodeAttrs } from '@tiptap/extension-mention';
import type { SuggestionKeyDownProps, SuggestionOptions, SuggestionProps } from '@tiptap/suggestion';
import { useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Worker } from '../types';

type Item = MentionNodeAttrs;
type Open = { items: Worker[]; index: number; rect: DOMRect | null; command: (item: Item) => void };

/**
 * The @mention picker: TipTap's suggestion plugin drives it, React draws it. Only in internal notes
 * (`allowed`), listing active workers whose name matches what follows the @.
 */
export function useMentionSuggestion(workers: RefObject<Worker[]>, allowed: RefObject<boolean>) {
  const [open, setOpen] = useState<Open | null>(null);
  const current = useRef<Open | null>(null);
  const show = (next: Open | null) => { current.current = next; setOpen(next); };

  const options = useMemo((): Omit<SuggestionOptions<Worker, Item>, 'editor'> => ({
    char: '@',
    allow: () => allowed.current,
    items: ({ query }) => workers.current
      .filter((w) => w.active && w.name.toLowerCase().includes(query.toLowerCase()))
      .slice(0, 8),
    render: () => {
      const update = (p: SuggestionProps<Worker, Item>) =>
        show({ items: p.items, index: Math.min(current.current?.index ?? 0, Math.max(p.items.length - 1, 0)), rect: p.clientRect?.() ?? null, command: p.command });
      return {
        onStart: update,
        onUpdate: update,
        onExit: () => show(null),
        onKeyDown: ({ event }: SuggestionKeyDownProps) => {
          const o = current.current;
          if (!o || !o.items.length) return false;
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            const step = event.key === 'ArrowDown' ? 1 : -1;
            show({ ...o, index: (o.index + step + o.items.length) % o.items.length });
            return true;
          }
          if (event.key === 'Enter' || event.key === 'Tab') {
            const w = o.items[o.index];
            if (w) o.command({ id: String(w.id), label: w.name });
            return true;
          }
          if (event.key === 'Escape') { show(null); return true; }
          return false;
        },
      };
    },
  }), [workers, allowed]);

  return { options, open };
}

export function MentionPopup({ open }: { open: Open | null }) {
  const { t } = useTranslation();
  if (!open || !open.rect) return null;
  return (
    <Portal>
      <Paper
        shadow="md"
        withBorder
        p={4}
        role="listbox"
        aria-label={t('composer.mentionList')}
        data-testid="mention-suggestions"
        style={{ position: 'fixed', top: open.rect.bottom + 4, left: Math.min(open.rect.left, window.innerWidth - 220), width: 210, zIndex: 400 }}
      >
        {open.items.length === 0 && <Text size="sm" c="dimmed" p={4}>{t('composer.mentionNone')}</Text>}
        <Stack gap={0}>
          {open.items.map((w, i) => (
            <UnstyledButton
              key={w.id}
              role="option"
              aria-selected={i === open.index}
              p={6}
              bg={i === open.index ? 'blue.0' : undefined}
              // Keep the editor's selection: a mousedown elsewhere would move focus away first.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => open.command({ id: String(w.id), label: w.name })}
            >
              <Text size="sm">{w.name}</Text>
            </UnstyledButton>
          ))}
        </Stack>
      </Paper>
    </Portal>
  );
}
