// How the lifecycle reads the status categories defined once in core/ticket.ts.
import type { StatusCategory } from '../ticket';

/** SLA clocks run only while the ticket waits on the support team. */
export function awaitsTeam(status: StatusCategory): boolean {
  return status === 'new' || status === 'open';
}

/** A customer reply moves these back to open (solved only within the reopen window). */
export function reopensOnCustomerReply(status: StatusCategory): boolean {
  return status === 'pending' || status === 'on_hold' || status === 'solved';
}
