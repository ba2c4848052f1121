import { Accordion } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CustomerPanel } from './side/CustomerPanel';
import { CustomFieldsPanel } from './side/CustomFieldsPanel';
import { FieldsPanel } from './side/FieldsPanel';
import { LifecyclePanel } from './side/LifecyclePanel';
import { LinksPanel } from './side/LinksPanel';
import { MergePanel } from './side/MergePanel';
import { RoutingPanel } from './side/RoutingPanel';
import { SplitPanel } from './side/SplitPanel';
import type { TicketDetail } from './types';

type Props = { ticket: TicketDetail; selecting: boolean; selected: number[]; onSelecting: (on: boolean) => void };

const OPEN = ['fields', 'customFields', 'customer', 'sla'];

/** Everything about the ticket beside the conversation, in collapsible sections. */
export function SidePanel({ ticket, selecting, selected, onSelecting }: Props) {
  const { t } = useTranslation();
  const section = (value: string, children: React.ReactNode) => (
    <Accordion.Item value={value} key={value}>
      <Accordion.Control>{t(`ticket.sections.${value}`)}</Accordion.Control>
      <Accordion.Panel>{children}</Accordion.Panel>
    </Accordion.Item>
  );
  return (
    <Accordion multiple defaultValue={OPEN} variant="contained" data-testid="side-panel" chevronPosition="right">
      {section('fields', <FieldsPanel ticket={ticket} />)}
      {section('customFields', <CustomFieldsPanel ticket={ticket} />)}
      {section('customer', <CustomerPanel ticket={ticket} />)}
      {section('sla', <LifecyclePanel ticketId={ticket.id} />)}
      {section('links', <LinksPanel ticketId={ticket.id} />)}
      {section('mergeSplit', (
        <>
          <MergePanel ticket={ticket} />
          <div style={{ height: 12 }} />
          <SplitPanel ticket={ticket} selecting={selecting} selected={selected} onSelecting={onSelecting} />
        </>
      ))}
      {section('routing', <RoutingPanel ticketId={ticket.id} />)}
    </Accordion>
  );
}
