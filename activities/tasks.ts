import type { TaskList } from 'graphile-worker';
import type { Config } from '../config/config';
import type { Db } from '../db/knex';
import type { Logger } from 'pino';

export type TaskDeps = { db: Db; config: Config; logger: Logger };

/** Every background job the embedded engine runs, by task name. */
export function createTaskList(_deps: TaskDeps): TaskList {
  return {
    // outbox_dispatch and webhook delivery are added by the webhooks module.
  };
}
