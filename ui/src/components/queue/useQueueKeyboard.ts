import { useEffect, useRef } from 'react';

export type QueueKeyActions = {
  move: (delta: 1 | -1) => void;
  open: () => void;
  toggle: () => void;
  assignToMe: () => void;
  reply: () => void;
  help: () => void;
};

/** Typing in a field (or an editor) must never trigger a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.getAttribute('role') === 'combobox';
}

/**
 * The queue's keyboard shortcuts: j/k move, Enter/o open, x select, a assign to me, r reply, ? help.
 * Off while a dialog is open (`enabled` false) or the user is typing.
 */
export function useQueueKeyboard(actions: QueueKeyActions, enabled: boolean) {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target)) return;
      // Enter on a link or button keeps its own meaning.
      if (e.key === 'Enter' && e.target instanceof HTMLElement && e.target.closest('a,button')) return;
      const a = ref.current;
      const handlers: Record<string, () => void> = {
        j: () => a.move(1), ArrowDown: () => a.move(1), k: () => a.move(-1), ArrowUp: () => a.move(-1),
        Enter: a.open, o: a.open, x: a.toggle, a: a.assignToMe, r: a.reply, '?': a.help,
      };
      const handler = handlers[e.key];
      if (!handler) return;
      // Arrow keys only inside the grid, so they still scroll the page elsewhere.
      if (e.key.startsWith('Arrow') && !(e.target instanceof HTMLElement && e.target.closest('[role=grid]'))) return;
      e.preventDefault();
      handler();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
