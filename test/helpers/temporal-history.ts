/**
 * Builds Temporal workflow histories in test code (no server can run here), as the SDK's core replays them:
 * numeric event ids, enum numbers, json/plain payloads. Each method appends one event and returns its id.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { encodeUnifiedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import protos from '@temporalio/proto';

const { temporal } = protos;
const E = temporal.api.enums.v1.EventType;
type History = ReturnType<typeof temporal.api.history.v1.History.fromObject>;
type EventFields = Record<string, unknown>;

export const HISTORY_TASK_QUEUE = 'replay';

/**
 * What a 1.24 worker writes on its first workflow task: core flags 1–3 (activity id/type checks, patch
 * search-attribute upserts, terminal command ordering) and the TypeScript flags that change job processing.
 */
const FIRST_TASK_SDK_METADATA = { coreUsedFlags: [1, 2, 3], langUsedFlags: [1, 2], sdkName: 'temporal-typescript', sdkVersion: '1.24.0' };

const utf8 = (s: string) => Buffer.from(s, 'utf8');

export function jsonPayload(value: unknown) {
  return { metadata: { encoding: utf8('json/plain') }, data: utf8(JSON.stringify(value)) };
}

const payloads = (values: unknown[]) => ({ payloads: values.map(jsonPayload) });
const timestamp = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 });
const duration = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 });

export class HistoryBuilder {
  private readonly events: EventFields[] = [];
  private workflowTasks = 0;
  /** Commands' events name the workflow task that issued them. */
  private lastCompletedId = 0;

  constructor(readonly runId: string) {}

  get length(): number {
    return this.events.length;
  }

  private add(eventType: number, at: number, attributes: EventFields): number {
    const eventId = this.events.length + 1;
    this.events.push({ eventId, eventTime: timestamp(at), eventType, ...attributes });
    return eventId;
  }

  started(at: number, o: { workflowType: string; input: unknown[]; continuedFromRunId?: string; firstRunId?: string }): number {
    return this.add(E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, at, {
      workflowExecutionStartedEventAttributes: {
        workflowType: { name: o.workflowType },
        taskQueue: { name: HISTORY_TASK_QUEUE },
        input: payloads(o.input),
        workflowTaskTimeout: duration(10_000),
        originalExecutionRunId: this.runId,
        firstExecutionRunId: o.firstRunId ?? this.runId,
        ...(o.continuedFromRunId ? { continuedExecutionRunId: o.continuedFromRunId, initiator: 2 } : {}),
        attempt: 1,
      },
    });
  }

  signaled(at: number, signalName: string, args: unknown[]): number {
    return this.add(E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, at, {
      workflowExecutionSignaledEventAttributes: { signalName, input: payloads(args) },
    });
  }

  /** Scheduled, started and completed; the commands' events follow. Returns the completed event id. */
  workflowTask(at: number, o: { suggestContinueAsNew?: boolean } = {}): number {
    const scheduledEventId = this.add(E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, at, {
      workflowTaskScheduledEventAttributes: { taskQueue: { name: HISTORY_TASK_QUEUE }, startToCloseTimeout: duration(10_000), attempt: 1 },
    });
    const startedEventId = this.add(E.EVENT_TYPE_WORKFLOW_TASK_STARTED, at, {
      workflowTaskStartedEventAttributes: { scheduledEventId, suggestContinueAsNew: o.suggestContinueAsNew ?? false, historySizeBytes: 1024 },
    });
    this.workflowTasks += 1;
    this.lastCompletedId = this.add(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, at, {
      workflowTaskCompletedEventAttributes: {
        scheduledEventId,
        startedEventId,
        ...(this.workflowTasks === 1 ? { sdkMetadata: FIRST_TASK_SDK_METADATA } : {}),
      },
    });
    return this.lastCompletedId;
  }

  timerStarted(at: number, timerId: string, durationMs: number): number {
    return this.add(E.EVENT_TYPE_TIMER_STARTED, at, {
      timerStartedEventAttributes: { timerId, startToFireTimeout: duration(durationMs), workflowTaskCompletedEventId: this.lastCompletedId },
    });
  }

  timerFired(at: number, timerId: string, startedEventId: number): number {
    return this.add(E.EVENT_TYPE_TIMER_FIRED, at, { timerFiredEventAttributes: { timerId, startedEventId } });
  }

  timerCanceled(at: number, timerId: string, startedEventId: number): number {
    return this.add(E.EVENT_TYPE_TIMER_CANCELED, at, {
      timerCanceledEventAttributes: { timerId, startedEventId, workflowTaskCompletedEventId: this.lastCompletedId },
    });
  }

  activityScheduled(at: number, o: { activityId: string; activityType: string; args: unknown[] }): number {
    return this.add(E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, at, {
      activityTaskScheduledEventAttributes: {
        activityId: o.activityId,
        activityType: { name: o.activityType },
        taskQueue: { name: HISTORY_TASK_QUEUE },
        input: payloads(o.args),
        startToCloseTimeout: duration(60_000),
        workflowTaskCompletedEventId: this.lastCompletedId,
      },
    });
  }

  /** Started and completed (the server writes both when the activity finishes). */
  activityCompleted(at: number, scheduledEventId: number, result?: unknown): number {
    const startedEventId = this.add(E.EVENT_TYPE_ACTIVITY_TASK_STARTED, at, { activityTaskStartedEventAttributes: { scheduledEventId, attempt: 1 } });
    return this.add(E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, at, {
      activityTaskCompletedEventAttributes: { scheduledEventId, startedEventId, ...(result === undefined ? {} : { result: payloads([result]) }) },
    });
  }

  /** The final failure after retries (earlier attempts never reach the history). */
  activityFailed(at: number, scheduledEventId: number, failure: { message: string; type: string; nonRetryable: boolean }): number {
    const startedEventId = this.add(E.EVENT_TYPE_ACTIVITY_TASK_STARTED, at, { activityTaskStartedEventAttributes: { scheduledEventId, attempt: 1 } });
    return this.add(E.EVENT_TYPE_ACTIVITY_TASK_FAILED, at, {
      activityTaskFailedEventAttributes: {
        scheduledEventId,
        startedEventId,
        failure: { message: failure.message, applicationFailureInfo: { type: failure.type, nonRetryable: failure.nonRetryable } },
        retryState: failure.nonRetryable ? 4 : 3, // NON_RETRYABLE_FAILURE : MAXIMUM_ATTEMPTS_REACHED
      },
    });
  }

  upsertSearchAttributes(at: number, pairs: SearchAttributeUpdatePair[]): number {
    return this.add(E.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, at, {
      upsertWorkflowSearchAttributesEventAttributes: {
        workflowTaskCompletedEventId: this.lastCompletedId,
        searchAttributes: { indexedFields: encodeUnifiedSearchAttributes(undefined, pairs) },
      },
    });
  }

  /** What core writes after a patch marker: the patch ids in the TemporalChangeVersion keyword list. */
  upsertChangeVersion(at: number, patchIds: string[]): number {
    const payload = jsonPayload(patchIds);
    return this.add(E.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, at, {
      upsertWorkflowSearchAttributesEventAttributes: {
        workflowTaskCompletedEventId: this.lastCompletedId,
        searchAttributes: { indexedFields: { TemporalChangeVersion: { ...payload, metadata: { ...payload.metadata, type: utf8('KeywordList') } } } },
      },
    });
  }

  memoModified(at: number, memo: Record<string, unknown>): number {
    return this.add(E.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED, at, {
      workflowPropertiesModifiedEventAttributes: {
        workflowTaskCompletedEventId: this.lastCompletedId,
        upsertedMemo: { fields: Object.fromEntries(Object.entries(memo).map(([k, v]) => [k, jsonPayload(v)])) },
      },
    });
  }

  patchMarker(at: number, patchId: string): number {
    return this.add(E.EVENT_TYPE_MARKER_RECORDED, at, {
      markerRecordedEventAttributes: {
        markerName: 'core_patch',
        details: { 'patch-data': payloads([{ id: patchId, deprecated: false }]) },
        workflowTaskCompletedEventId: this.lastCompletedId,
      },
    });
  }

  continuedAsNew(at: number, o: { newRunId: string; workflowType: string; input: unknown[] }): number {
    return this.add(E.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, at, {
      workflowExecutionContinuedAsNewEventAttributes: {
        newExecutionRunId: o.newRunId,
        workflowType: { name: o.workflowType },
        taskQueue: { name: HISTORY_TASK_QUEUE },
        input: payloads(o.input),
        workflowTaskCompletedEventId: this.lastCompletedId,
        initiator: 2, // WORKFLOW
      },
    });
  }

  completed(at: number, result: unknown): number {
    return this.add(E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, at, {
      workflowExecutionCompletedEventAttributes: { result: payloads([result]), workflowTaskCompletedEventId: this.lastCompletedId },
    });
  }

  /** The raw event list, for tests that tamper with a history to show replay rejects it. */
  rawEvents(): EventFields[] {
    return structuredClone(this.events);
  }

  history(events: EventFields[] = this.events): History {
    return temporal.api.history.v1.History.fromObject({ events });
  }
}

export const EventType = E;
