/** The queue's columns; narrower containers drop the least important ones (a 375 px phone keeps selection, subject and SLA). */
export const COLUMNS = ['select', 'number', 'subject', 'requester', 'status', 'priority', 'assignee', 'sla', 'updated'] as const;
export type Column = (typeof COLUMNS)[number];

const WIDTH: Record<Column, string> = {
  select: '36px', number: '72px', subject: 'minmax(120px, 1fr)', requester: '150px', status: '110px',
  priority: '112px', assignee: '130px', sla: '136px', updated: '150px',
};

export function columnsFor(width: number): Column[] {
  if (width >= 1150) return [...COLUMNS];
  if (width >= 900) return ['select', 'number', 'subject', 'requester', 'status', 'priority', 'assignee', 'sla'];
  if (width >= 640) return ['select', 'number', 'subject', 'status', 'priority', 'sla'];
  if (width >= 440) return ['select', 'subject', 'status', 'sla'];
  return ['select', 'subject', 'sla'];
}

export const gridTemplate = (cols: Column[]) => cols.map((c) => WIDTH[c]).join(' ');
export const ROW_HEIGHT = 44;
