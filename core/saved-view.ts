import type { TicketSort } from './schemas/ticket.schema';
import type { ViewFilters } from './schemas/view.schema';

/**
 * A saved view's filters as GET /tickets query parameters (`status=1,2&cf.plan=gold&sort=-updatedAt`), the one
 * translation the server's counts and the UI's list both use, so a view and its count cannot drift apart.
 */
export function viewQueryParams(filters: ViewFilters, sort: TicketSort): Record<string, string> {
  const out: Record<string, string> = {};
  if (filters.status?.length) out.status = filters.status.join(',');
  if (filters.statusCategory?.length) out.statusCategory = filters.statusCategory.join(',');
  if (filters.priority?.length) out.priority = filters.priority.join(',');
  if (filters.assignee !== undefined) out.assignee = String(filters.assignee);
  if (filters.team !== undefined) out.team = String(filters.team);
  if (filters.tag?.length) out.tag = filters.tag.join(',');
  if (filters.channel) out.channel = filters.channel;
  for (const [key, value] of Object.entries(filters.customFields ?? {})) out[`cf.${key}`] = String(value);
  if (filters.sla) out.sla = filters.sla;
  if (filters.q) out.q = filters.q;
  out.sort = sort;
  return out;
}
