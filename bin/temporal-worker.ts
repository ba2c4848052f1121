import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { LifecycleActivities } from '../activities/lifecycle/lifecycle-activities';
import { toTemporalActivities } from '../activities/lifecycle/temporal-activities';

/** The workflow module a lifecycle worker serves; bundled by the SDK (webpack) at worker start. */
export const LIFECYCLE_WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/ticket-lifecycle.workflow.ts', import.meta.url));

/**
 * Workflows kept in memory between tasks (sticky execution). Tickets are long-lived but mostly idle, so only the
 * active ones benefit; 500 bounds worker memory on a small machine, and an evicted lifecycle is simply replayed.
 */
export const MAX_CACHED_WORKFLOWS = 500;

export type LifecycleWorkerOptions = {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** The plain implementations; wrapped here so business rejections are not retried. */
  activities: LifecycleActivities;
  /** A prebuilt bundle (tests, images built ahead of time); otherwise the workflow code is bundled now. */
  workflowBundle?: WorkflowBundle;
  maxCachedWorkflows?: number;
};

/** One worker serves both the ticket lifecycle workflows and their activities on one task queue. */
export function createLifecycleWorker(options: LifecycleWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: LIFECYCLE_WORKFLOWS_PATH }),
    activities: toTemporalActivities(options.activities),
    maxCachedWorkflows: options.maxCachedWorkflows ?? MAX_CACHED_WORKFLOWS,
  });
}
