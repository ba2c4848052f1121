import type { TaskList } from 'graphile-worker';
import type { Config } from '../config/config';
import type { Db } from '../db/knex';
import type { Logger } from 'pino';
import type { EmbeddedLifecycleEngine } from '../services/lifecycle/embedded-engine';
import type { LifecycleEngine } from '../services/lifecycle/engine-port';
import { LIFECYCLE_FEED_TASK, POLICY_ROLLOUT_TASK } from '../services/lifecycle/lifecycle-feed.jobs';
import { LIFECYCLE_ACTIVITY_TASK, LIFECYCLE_TIMER_TASK } from '../services/lifecycle/lifecycle.jobs';
import { OUTBOX_DISPATCH_TASK } from '../services/outbox.service';
import { WEBHOOK_DELIVER_TASK } from '../services/webhooks/webhook.jobs';
import { createLifecycleActivityTask, createLifecycleTimerTask } from './lifecycle/engine.tasks';
import type { LifecycleActivities } from './lifecycle/lifecycle-activities';
import { createLifecycleFeedTask, onOutboxDispatched } from './lifecycle/lifecycle-feed.task';
import { createTicketMetricsTask, onMetricsEvent } from './metrics/ticket-metrics.task';
import { TICKET_METRICS_TASK } from '../services/metrics/metrics.jobs';
import { createPolicyRolloutTask } from './lifecycle/policy-rollout.task';
import { createDrainRoutingQueueTask, createRouteTicketTask, createRoutingSweepTask, onRoutingEvent } from './routing/routing.tasks';
import { ROUTE_TICKET_TASK, ROUTING_DRAIN_TASK, ROUTING_SWEEP_TASK } from '../services/routing/routing.jobs';
import { createOutboxDispatchTask } from './webhooks/outbox-dispatch.task';
import { createWebhookDeliverTask } from './webhooks/webhook-deliver.task';
import { createEmailSendTask, EMAIL_SEND_TASK, onEmailOutboxEvent } from './email/email-reply.task';
import type { ChannelAdapter } from './lifecycle/channel-delivery';
import { createPluginDeliverTask, onPluginOutboxEvent } from './plugins/plugin-delivery.task';
import { PLUGIN_DELIVER_TASK } from '../services/plugins/delivery.service';
import type { SearchEngine } from '../services/search/search-engine';
import { SEARCH_INDEX_TASK } from '../services/search/search.jobs';
import { createSearchIndexTask, onSearchOutboxEvent } from './search/search-index.task';
import { createCustomerChannels } from './notifications/customer-channels';
import { createNoticeSendTask, NOTICE_SEND_TASK, onNoticeOutboxEvent } from './notifications/reply-notice.task';
import { KB_INDEX_TASK } from '../services/kb/kb.jobs';
import { createKbIndexTask, onKbOutboxEvent } from './search/kb-index.task';

export type TaskDeps = {
  db: Db;
  config: Config;
  logger: Logger;
  /**
   * The embedded lifecycle engine's timers and activities. Absent when Temporal runs the lifecycle (its workers
   * run the activities) and in processes that only deliver webhooks.
   */
  lifecycle?: { engine: EmbeddedLifecycleEngine; activities: LifecycleActivities };
  /**
   * The engine port (embedded or Temporal) that ticket changes and policy versions are signalled to; defaults to
   * `lifecycle.engine`. With neither, outbox events only go to webhooks.
   */
  engine?: LifecycleEngine;
  /** The email channel (activities/email/email-sender.ts): agent replies on email tickets are queued and sent. */
  emailSender?: ChannelAdapter;
  /** The search engine (services/search): ticket changes are queued for indexing only where it is wired. */
  search?: SearchEngine;
};

/** Every background job the embedded engine runs, by task name. */
export function createTaskList(deps: TaskDeps): TaskList {
  const engine = deps.engine ?? deps.lifecycle?.engine;
  const tasks: TaskList = {
    [OUTBOX_DISPATCH_TASK]: createOutboxDispatchTask({
      ...deps,
      afterDispatch: async (trx, event) => {
        if (engine) await onOutboxDispatched(trx, event);
        await onMetricsEvent(trx, event);
        await onRoutingEvent(trx, event);
        await onPluginOutboxEvent(trx, event);
        if (deps.emailSender) await onEmailOutboxEvent(trx, event);
        await onNoticeOutboxEvent(trx, event);
        if (deps.search) await onSearchOutboxEvent(trx, event);
        if (deps.search) await onKbOutboxEvent(trx, event);
      },
    }),
    [WEBHOOK_DELIVER_TASK]: createWebhookDeliverTask(deps),
    [PLUGIN_DELIVER_TASK]: createPluginDeliverTask(deps),
    [TICKET_METRICS_TASK]: createTicketMetricsTask(deps),
    [ROUTE_TICKET_TASK]: createRouteTicketTask(deps),
    [ROUTING_DRAIN_TASK]: createDrainRoutingQueueTask(deps),
    [ROUTING_SWEEP_TASK]: createRoutingSweepTask(deps),
    [NOTICE_SEND_TASK]: createNoticeSendTask({ ...deps, channels: createCustomerChannels({ ...deps, email: deps.emailSender }) }),
  };
  if (deps.search) tasks[SEARCH_INDEX_TASK] = createSearchIndexTask({ db: deps.db, logger: deps.logger, search: deps.search });
  if (deps.search) tasks[KB_INDEX_TASK] = createKbIndexTask({ db: deps.db, logger: deps.logger, search: deps.search });
  if (deps.emailSender) tasks[EMAIL_SEND_TASK] = createEmailSendTask({ db: deps.db, logger: deps.logger, sender: deps.emailSender });
  if (engine) {
    tasks[LIFECYCLE_FEED_TASK] = createLifecycleFeedTask({ db: deps.db, logger: deps.logger, engine });
    tasks[POLICY_ROLLOUT_TASK] = createPolicyRolloutTask({ db: deps.db, logger: deps.logger, engine });
  }
  if (deps.lifecycle) {
    const lifecycleDeps = { db: deps.db, logger: deps.logger, ...deps.lifecycle };
    tasks[LIFECYCLE_TIMER_TASK] = createLifecycleTimerTask(lifecycleDeps);
    tasks[LIFECYCLE_ACTIVITY_TASK] = createLifecycleActivityTask(lifecycleDeps);
  }
  return tasks;
}
