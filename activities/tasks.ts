import type { TaskList } from 'graphile-worker';
import type { Config } from '../config/config';
import type { Db } from '../db/knex';
import type { Logger } from 'pino';
import { OUTBOX_DISPATCH_TASK } from '../services/outbox.service';
import { WEBHOOK_DELIVER_TASK } from '../services/webhooks/webhook.jobs';
import { createOutboxDispatchTask } from './webhooks/outbox-dispatch.task';
import { createWebhookDeliverTask } from './webhooks/webhook-deliver.task';

export type TaskDeps = { db: Db; config: Config; logger: Logger };

/** Every background job the embedded engine runs, by task name. */
export function createTaskList(deps: TaskDeps): TaskList {
  return {
    [OUTBOX_DISPATCH_TASK]: createOutboxDispatchTask(deps),
    [WEBHOOK_DELIVER_TASK]: createWebhookDeliverTask(deps),
  };
}
