import type { Principal } from '../../core/principal';
import type { StatusCategory } from '../../core/ticket';

/** A ticket row joined with its status and priority names. */
export type TicketRow = {
  id: number;
  number: number;
  subject: string;
  requester_id: number;
  assignee_id: number | null;
  team_id: number | null;
  status_id: number;
  status_name: string;
  status_category: StatusCategory;
  priority_id: number;
  priority_name: string;
  priority_rank: number;
  tags: string[];
  custom_fields: Record<string, unknown>;
  channel: string;
  language: string;
  created_at: Date;
  updated_at: Date;
  status_changed_at: Date;
  version: number;
  /** The requester's organization (organization ticket sharing). */
  requester_organization_id?: number | null;
};

export type TicketView = ReturnType<typeof workerTicketView>;
export type CustomerTicketView = ReturnType<typeof customerTicketView>;

export function workerTicketView(r: TicketRow) {
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    requesterId: r.requester_id,
    assigneeId: r.assignee_id,
    teamId: r.team_id,
    status: { id: r.status_id, name: r.status_name, category: r.status_category },
    priority: { id: r.priority_id, name: r.priority_name, rank: r.priority_rank },
    tags: r.tags,
    customFields: r.custom_fields,
    channel: r.channel,
    language: r.language,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    statusChangedAt: r.status_changed_at.toISOString(),
    version: r.version,
  };
}

/** What a customer may see of their own ticket: no internal routing, tags or custom fields. */
export function customerTicketView(r: TicketRow) {
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    requesterId: r.requester_id,
    status: { name: r.status_name, category: r.status_category },
    channel: r.channel,
    language: r.language,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}

export function ticketViewFor(p: Principal, r: TicketRow): TicketView | CustomerTicketView {
  return p.kind === 'customer' ? customerTicketView(r) : workerTicketView(r);
}
