import { Client, Connection, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, isGrpcServiceError } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import protos from '@temporalio/proto';
import { DEFAULT_TEMPORAL_NAMESPACE, DEFAULT_TEMPORAL_TASK_QUEUE } from '../../config/config';
import { notFound, validationError } from '../../core/errors';
import type { LifecycleEvent, TicketOpened } from '../../core/lifecycle/events';
import { initialLifecycleState } from '../../core/lifecycle/state';
import {
  type LifecycleMessage,
  TICKET_LIFECYCLE_WORKFLOW,
  type TicketLifecycleWorkflow,
  lifecycleEventSignal,
  lifecycleStateQuery,
  ticketIdFromWorkflowId,
  ticketWorkflowId,
} from '../../core/lifecycle/workflow-contract';
import { LIFECYCLE_MEMO_KEY, type LifecycleMemo, openingSearchAttributes } from '../../core/lifecycle/workflow-visibility';
import type { LifecycleEngine, LifecycleListFilter, LifecycleListItem, PolicySource } from './engine-port';
import { lifecycleListQuery } from './temporal-list-query';

const RUNNING = protos.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
const GRPC_INVALID_ARGUMENT = 3;

export type TemporalEngineOptions = {
  /** Temporal frontend, `host:port`; ignored when `client` is given. */
  address: string;
  policies: PolicySource;
  /** Ignored when `client` is given (the client's namespace applies). */
  namespace?: string;
  taskQueue?: string;
  /** An existing client (tests, a process that shares one connection); the engine then never closes it. */
  client?: Client;
};

export type TemporalEngine = LifecycleEngine & { readonly kind: 'temporal'; close(): Promise<void> };

/**
 * The lifecycle engine port over Temporal: one `ticketLifecycle` workflow per ticket, started by signal-with-start
 * with ticket_opened, fed by signals, read by query, listed through visibility (search attributes + memo).
 */
export async function createTemporalEngine(options: TemporalEngineOptions): Promise<TemporalEngine> {
  const taskQueue = options.taskQueue ?? DEFAULT_TEMPORAL_TASK_QUEUE;
  const ownConnection = options.client ? null : await Connection.connect({ address: options.address });
  const client = ownConnection ? new Client({ connection: ownConnection, namespace: options.namespace ?? DEFAULT_TEMPORAL_NAMESPACE }) : options.client!;
  const { namespace } = client.options;
  const { policies } = options;

  async function start(ticketId: number, opened: TicketOpened): Promise<void> {
    const policy = await policies.current();
    try {
      await client.workflow.signalWithStart<TicketLifecycleWorkflow, [LifecycleMessage]>(TICKET_LIFECYCLE_WORKFLOW, {
        workflowId: ticketWorkflowId(ticketId),
        taskQueue,
        args: [{ ticketId, policy }],
        signal: lifecycleEventSignal,
        signalArgs: [{ event: opened, policy }],
        // Running: just signal (the event id is deduplicated). Completed: never restart a finished lifecycle;
        // failed or terminated by an operator: a new ticket_opened may start it afresh.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        typedSearchAttributes: openingSearchAttributes(opened.ticket),
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  async function signal(ticketId: number, event: LifecycleEvent): Promise<void> {
    if (event.type === 'ticket_opened') return start(ticketId, event);
    const message: LifecycleMessage = { event };
    if (event.type === 'policy_updated') {
      const policy = await policies.byVersion(event.version);
      if (!policy) throw notFound('lifecycle policy version', event.version);
      message.policy = policy;
    }
    try {
      await client.workflow.getHandle(ticketWorkflowId(ticketId)).signal(lifecycleEventSignal, message);
    } catch (err) {
      // No running lifecycle: never opened, or finished. The decider would ignore the event in both cases.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }

  async function query(ticketId: number) {
    try {
      const view = await client.workflow.getHandle(ticketWorkflowId(ticketId)).query(lifecycleStateQuery);
      return view.state;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  async function list(filter: LifecycleListFilter): Promise<{ items: LifecycleListItem[]; nextCursor: string | null }> {
    // The raw call, not client.workflow.list(): its iterator hides the page token a cursor needs.
    const query = lifecycleListQuery(filter);
    let response;
    try {
      response = await client.workflowService.listWorkflowExecutions({
        namespace,
        query,
        pageSize: filter.limit,
        nextPageToken: filter.cursor ? Buffer.from(filter.cursor, 'base64url') : undefined,
      });
    } catch (err) {
      // The query is ours and valid, so a rejected argument is the caller's cursor (a 4xx, not a 500).
      if (filter.cursor && isGrpcServiceError(err) && err.code === GRPC_INVALID_ARGUMENT) {
        throw validationError('Invalid cursor', [{ path: 'cursor', message: 'is not a cursor this list returned' }]);
      }
      throw err;
    }
    const items: LifecycleListItem[] = [];
    for (const raw of response.executions) {
      const ticketId = ticketIdFromWorkflowId(raw.execution?.workflowId ?? '');
      if (ticketId === null) continue;
      const memoPayload = raw.memo?.fields?.[LIFECYCLE_MEMO_KEY];
      const memo = memoPayload ? await decodePayload<LifecycleMemo>(client, memoPayload) : null;
      const changedAt = memo?.changedAt ?? timestampMs(raw.startTime);
      const summary = memo?.summary ?? initialLifecycleState().summary;
      items.push({
        ticketId,
        // As the embedded engine reports it: a closed ticket's lifecycle is done, though its run still takes survey answers.
        running: raw.status === RUNNING && summary.statusCategory !== 'closed',
        summary,
        updatedAt: new Date(changedAt ?? 0).toISOString(),
      });
    }
    const token = response.nextPageToken;
    return { items, nextCursor: token && token.length > 0 ? Buffer.from(token).toString('base64url') : null };
  }

  return {
    kind: 'temporal',
    start,
    signal,
    query,
    list,
    async close() {
      await ownConnection?.close();
    },
  };
}

/** Memo fields are payloads written by the workflow's data converter; read them with the client's. */
async function decodePayload<T>(client: Client, payload: Payload): Promise<T> {
  const { payloadConverter, payloadCodecs } = client.workflow.options.loadedDataConverter;
  let decoded = payload;
  for (const codec of [...payloadCodecs].reverse()) [decoded] = (await codec.decode([decoded])) as [Payload];
  return payloadConverter.fromPayload<T>(decoded);
}

function timestampMs(ts: { seconds?: { toString(): string } | number | null; nanos?: number | null } | null | undefined): number | null {
  if (!ts?.seconds) return null;
  return Number(ts.seconds.toString()) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}
