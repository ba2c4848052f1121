import { validationError } from '../../core/errors';
import { TICKET_LIFECYCLE_WORKFLOW } from '../../core/lifecycle/workflow-contract';
import { LIFECYCLE_SEARCH_ATTRIBUTES as SA } from '../../core/lifecycle/workflow-visibility';
import { STATUS_CATEGORIES } from '../../core/ticket';
import type { LifecycleListFilter } from './engine-port';

const CATEGORIES: ReadonlySet<string> = new Set(STATUS_CATEGORIES);

/**
 * The Temporal visibility query for a lifecycle list. Values are checked or generated here (a status category from
 * the closed list, a boolean, an ISO instant), so nothing a caller sends is spliced into the query as text.
 * Runs that continued as new are left out: their successor run is the lifecycle.
 */
export function lifecycleListQuery(filter: Omit<LifecycleListFilter, 'limit' | 'cursor'>): string {
  const parts = [`WorkflowType = '${TICKET_LIFECYCLE_WORKFLOW}'`, `ExecutionStatus != 'ContinuedAsNew'`];
  if (filter.statusCategory !== undefined) {
    if (!CATEGORIES.has(filter.statusCategory)) {
      throw validationError('Unknown status category', [{ path: 'statusCategory', message: `must be one of ${STATUS_CATEGORIES.join(', ')}` }]);
    }
    parts.push(`${SA.status.name} = '${filter.statusCategory}'`);
  }
  if (filter.breached !== undefined) parts.push(`${SA.slaBreached.name} = ${filter.breached ? 'true' : 'false'}`);
  if (filter.dueBefore !== undefined) {
    const due = new Date(filter.dueBefore);
    if (Number.isNaN(due.getTime())) throw validationError('Invalid instant', [{ path: 'dueBefore', message: 'must be epoch milliseconds' }]);
    parts.push(`${SA.slaDue.name} < '${due.toISOString()}'`);
  }
  return parts.join(' AND ');
}
