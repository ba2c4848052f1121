import { Anchor, Checkbox, Text } from '@mantine/core';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../format';
import { useCustomer } from '../../hooks/useLookups';
import { PriorityBadge, StatusBadge } from '../Badges';
import { SlaBadge } from '../SlaBadge';
import { gridTemplate, ROW_HEIGHT, type Column } from './columns';
import type { QueueTicket } from './queue-query';
import classes from './queue.module.css';

function RequesterName({ id }: { id: number }) {
  const customer = useCustomer(id);
  return <Text size="sm" truncate>{customer.data?.name ?? `#${id}`}</Text>;
}

type Props = {
  ticket: QueueTicket;
  index: number;
  top: number;
  columns: Column[];
  active: boolean;
  selected: boolean;
  assigneeName: string | null;
  onActivate: (id: number) => void;
  onToggle: (id: number, index: number, shift: boolean) => void;
};

/** One ticket as a grid row of fixed height, positioned by the virtualizer. */
export function QueueRow({ ticket, index, top, columns, active, selected, assigneeName, onActivate, onToggle }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const cell = (c: Column) => {
    switch (c) {
      case 'select':
        return (
          <Checkbox
            size="xs"
            checked={selected}
            aria-label={t('queue.selectTicket', { number: ticket.number })}
            data-testid="queue-row-select"
            onChange={() => undefined}
            onClick={(e: MouseEvent<HTMLInputElement>) => { e.stopPropagation(); onToggle(ticket.id, index, e.shiftKey); }}
          />
        );
      case 'number': return <Text size="sm" c="gray.7">#{ticket.number}</Text>;
      case 'subject':
        return (
          <Anchor c="blue.9" component={Link} to={`/tickets/${ticket.id}`} size="sm" className={classes.subject} data-testid="queue-row-link">
            {columns.includes('number') ? ticket.subject : `#${ticket.number} ${ticket.subject}`}
          </Anchor>
        );
      case 'requester': return <RequesterName id={ticket.requesterId} />;
      case 'status': return <StatusBadge status={ticket.status} />;
      case 'priority': return <PriorityBadge priority={ticket.priority} />;
      case 'assignee': return <Text size="sm" truncate c={assigneeName ? undefined : 'gray.7'}>{assigneeName ?? t('queue.unassigned')}</Text>;
      case 'sla': return <SlaBadge sla={ticket.sla} />;
      case 'updated': return <Text size="sm" truncate>{fmt.dateTime(ticket.updatedAt)}</Text>;
    }
  };
  return (
    <div
      role="row"
      id={`queue-row-${ticket.id}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="queue-row"
      data-ticket-id={ticket.id}
      data-active={active || undefined}
      className={classes.row}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT, gridTemplateColumns: gridTemplate(columns) }}
      onClick={() => onActivate(ticket.id)}
    >
      {columns.map((c) => <div key={c} role="gridcell" className={classes.cell}>{cell(c)}</div>)}
    </div>
  );
}
