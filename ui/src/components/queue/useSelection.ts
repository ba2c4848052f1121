import { useCallback, useRef, useState } from 'react';
import type { QueueTicket } from './queue-query';

/** Selected ticket ids; a shift-click selects the range from the last clicked row. */
export function useSelection(rows: QueueTicket[]) {
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const anchor = useRef<number | null>(null);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  const toggle = useCallback((id: number, index: number, shift: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (shift && anchor.current !== null) {
        const [from, to] = anchor.current < index ? [anchor.current, index] : [index, anchor.current];
        for (const row of rowsRef.current.slice(from, to + 1)) next.add(row.id);
      } else if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
    anchor.current = index;
  }, []);

  const replace = useCallback((ids: Iterable<number>) => {
    setSelected(new Set(ids));
    anchor.current = null;
  }, []);

  return { selected, toggle, replace, clear: useCallback(() => replace([]), [replace]) };
}
